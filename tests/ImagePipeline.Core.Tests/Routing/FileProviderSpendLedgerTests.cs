using System.Globalization;
using ImagePipeline.Routing;

namespace ImagePipeline.Tests.Routing;

public sealed class FileProviderSpendLedgerTests : IDisposable
{
    static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-11-30T12:00:00Z", CultureInfo.InvariantCulture);
    readonly string _directory = Path.Combine(Path.GetTempPath(), "spend-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task An_attempt_recorded_twice_counts_once()
    {
        using var ledger = new FileProviderSpendLedger(_directory);

        await ledger.RecordAsync("segmind", "gen-1/1", 0.10m, Noon);
        await ledger.RecordAsync("segmind", "gen-1/1", 0.10m, Noon.AddMinutes(1)); // the step ran again after a crash
        await ledger.RecordAsync("segmind", "gen-1/2", 0.0404m, Noon);

        Assert.Equal(0.1404m, await ledger.SpentOnAsync("segmind", Noon));
    }

    [Fact]
    public async Task Spend_is_kept_per_provider_and_per_utc_day()
    {
        using var ledger = new FileProviderSpendLedger(_directory);
        var lateEvening = DateTimeOffset.Parse("2026-11-30T23:30:00-02:00", CultureInfo.InvariantCulture); // 01:30 UTC next day

        await ledger.RecordAsync("segmind", "a", 1m, Noon);
        await ledger.RecordAsync("runware", "b", 2m, Noon);
        await ledger.RecordAsync("segmind", "c", 4m, lateEvening);

        Assert.Equal(1m, await ledger.SpentOnAsync("segmind", Noon));
        Assert.Equal(2m, await ledger.SpentOnAsync("runware", Noon));
        Assert.Equal(4m, await ledger.SpentOnAsync("segmind", DateTimeOffset.Parse("2026-12-01T08:00:00Z", CultureInfo.InvariantCulture)));
        Assert.Equal(0m, await ledger.SpentOnAsync("gmicloud", Noon));
    }

    [Fact]
    public async Task Spend_and_the_attempts_already_counted_survive_a_restart()
    {
        using (var ledger = new FileProviderSpendLedger(_directory))
        {
            await ledger.RecordAsync("segmind", "gen-1/1", 0.10m, Noon);
        }

        using var restarted = new FileProviderSpendLedger(_directory);
        await restarted.RecordAsync("segmind", "gen-1/1", 0.10m, Noon);
        await restarted.RecordAsync("Segmind", "gen-2/1", 0.10m, Noon);

        Assert.Equal(0.20m, await restarted.SpentOnAsync("segmind", Noon));
    }

    [Fact]
    public async Task Concurrent_records_all_count()
    {
        using var ledger = new FileProviderSpendLedger(_directory);

        await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(() => ledger.RecordAsync("runware", $"gen-{i}/1", 0.01m, Noon))));

        using var restarted = new FileProviderSpendLedger(_directory);
        Assert.Equal(0.40m, await restarted.SpentOnAsync("runware", Noon));
    }

    [Fact]
    public async Task Days_older_than_a_week_are_deleted_when_a_new_day_begins()
    {
        using var ledger = new FileProviderSpendLedger(_directory);
        await ledger.RecordAsync("segmind", "old", 1m, Noon.AddDays(-10));
        await ledger.RecordAsync("segmind", "recent", 1m, Noon.AddDays(-3));
        await ledger.RecordAsync("runware", "other", 1m, Noon.AddDays(-10));

        await ledger.RecordAsync("segmind", "today", 1m, Noon);

        Assert.Equal(["runware+2026-11-20.json", "segmind+2026-11-27.json", "segmind+2026-11-30.json"],
            Directory.EnumerateFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
