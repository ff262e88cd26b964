using System.Globalization;
using Azure.Storage.Blobs;
using ImagePipeline.Routing;
using ImagePipeline.Testing.Azurite;

namespace ImagePipeline.Tests.Routing;

/// <summary>Against a real Azurite process: the ETag guard is what keeps two workers' spend.</summary>
public sealed class BlobProviderSpendLedgerTests : IAsyncLifetime
{
    static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-11-30T12:00:00Z", CultureInfo.InvariantCulture);
    readonly string _containerName = "state-" + Guid.NewGuid().ToString("N")[..12];
    BlobContainerClient _container = null!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.GetSharedAsync();
        _container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_containerName);
    }

    public Task DisposeAsync() => _container.DeleteIfExistsAsync();

    [Fact]
    public async Task Two_workers_recording_at_once_lose_no_spend_and_count_a_repeated_attempt_once()
    {
        // Two ledger instances stand for two Functions workers: no shared lock, only the blob's ETag.
        var first = new BlobProviderSpendLedger(_container);
        var second = new BlobProviderSpendLedger(_container);

        await Task.WhenAll(Enumerable.Range(1, 20).SelectMany(i => new[]
        {
            first.RecordAsync("segmind", $"gen-{i}/1", 0.01m, Noon),
            second.RecordAsync("segmind", $"gen-{i}/1", 0.01m, Noon), // the same attempt seen by both
        }));

        Assert.Equal(0.20m, await new BlobProviderSpendLedger(_container).SpentOnAsync("segmind", Noon));
    }

    [Fact]
    public async Task Spend_is_kept_per_provider_and_per_utc_day()
    {
        var ledger = new BlobProviderSpendLedger(_container, readCacheFor: TimeSpan.Zero);
        Assert.Equal(0m, await ledger.SpentOnAsync("segmind", Noon)); // no container yet

        await ledger.RecordAsync("segmind", "a", 1m, Noon);
        await ledger.RecordAsync("runware", "b", 2m, Noon);
        await ledger.RecordAsync("segmind", "c", 4m, Noon.AddDays(1));

        var reader = new BlobProviderSpendLedger(_container, readCacheFor: TimeSpan.Zero);
        Assert.Equal(1m, await reader.SpentOnAsync("segmind", Noon));
        Assert.Equal(2m, await reader.SpentOnAsync("runware", Noon));
        Assert.Equal(4m, await reader.SpentOnAsync("segmind", Noon.AddDays(1)));
    }

    [Fact]
    public async Task Budget_checks_reuse_a_total_for_five_seconds_then_see_other_workers_spend()
    {
        var clock = new SettableClock(Noon);
        var starter = new BlobProviderSpendLedger(_container, clock);
        var otherWorker = new BlobProviderSpendLedger(_container);
        Assert.Equal(0m, await starter.SpentOnAsync("segmind", Noon));

        await otherWorker.RecordAsync("segmind", "gen-1/1", 0.5m, Noon);
        clock.Now += TimeSpan.FromSeconds(4);
        var cached = await starter.SpentOnAsync("segmind", Noon);
        clock.Now += TimeSpan.FromSeconds(2);

        Assert.Equal(0m, cached);
        Assert.Equal(0.5m, await starter.SpentOnAsync("segmind", Noon));
    }
}
