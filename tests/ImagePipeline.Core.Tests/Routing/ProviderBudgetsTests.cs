using System.Globalization;
using ImagePipeline.Routing;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Routing;

public sealed class ProviderBudgetsTests : IDisposable
{
    readonly string _directory = Path.Combine(Path.GetTempPath(), "budget-tests-" + Guid.NewGuid().ToString("N"));
    readonly SettableClock _clock = new(DateTimeOffset.Parse("2026-11-30T23:00:00Z", CultureInfo.InvariantCulture));

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    ProviderBudgets Budgets(IProviderSpendLedger ledger, decimal? segmindDailyUsd)
    {
        var options = new BudgetOptions();
        if (segmindDailyUsd is { } daily) options["Segmind"] = new ProviderBudget { DailyUsd = daily };
        return new ProviderBudgets(Options.Create(options), ledger, _clock);
    }

    [Fact]
    public async Task Spending_up_to_the_budget_exhausts_it_and_says_how_much_was_spent()
    {
        using var ledger = new FileProviderSpendLedger(_directory);
        var budgets = Budgets(ledger, segmindDailyUsd: 0.25m);

        await ledger.RecordAsync("segmind", "gen-1/1", 0.10m, _clock.Now);
        await ledger.RecordAsync("segmind", "gen-2/1", 0.10m, _clock.Now);
        var underBudget = await budgets.ExhaustedAsync("segmind");
        await ledger.RecordAsync("segmind", "gen-3/1", 0.05m, _clock.Now);
        var reason = await budgets.ExhaustedAsync("Segmind");

        Assert.Null(underBudget);
        Assert.Equal("segmind's daily budget of $0.25 (Budget:segmind:DailyUsd) is spent: $0.25 today (UTC).", reason);
    }

    [Fact]
    public async Task The_next_utc_day_starts_with_the_budget_unspent()
    {
        using var ledger = new FileProviderSpendLedger(_directory);
        var budgets = Budgets(ledger, segmindDailyUsd: 0.10m);
        await ledger.RecordAsync("segmind", "gen-1/1", 0.50m, _clock.Now);
        Assert.NotNull(await budgets.ExhaustedAsync("segmind"));

        _clock.Now += TimeSpan.FromHours(1); // 00:00 UTC

        Assert.Null(await budgets.ExhaustedAsync("segmind"));
    }

    [Fact]
    public async Task A_provider_without_a_budget_is_never_exhausted()
    {
        using var ledger = new FileProviderSpendLedger(_directory);
        await ledger.RecordAsync("runware", "gen-1/1", 500m, _clock.Now);

        Assert.Null(await Budgets(ledger, segmindDailyUsd: 1m).ExhaustedAsync("runware"));
        Assert.Null(await Budgets(ledger, segmindDailyUsd: null).ExhaustedAsync("segmind"));
    }
}
