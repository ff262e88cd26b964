using Azure.Storage.Blobs;
using ImagePipeline.Storage;

namespace ImagePipeline.Routing;

/// <summary>The Functions host's spend ledger: one small JSON blob per provider and UTC day (<c>spend/…</c> in the state
/// container), updated with its ETag (<see cref="ConditionalJsonBlobs{T}"/>), so two workers recording at once never
/// lose each other's spend. Budget checks reuse a total read at most <paramref name="readCacheFor"/> ago (5 s by
/// default) instead of downloading the blob for every start: a budget can be overrun by what other workers spend
/// within that window. A damaged day starts again rather than every budget check failing.</summary>
public sealed class BlobProviderSpendLedger(BlobContainerClient container, TimeProvider? timeProvider = null, TimeSpan? readCacheFor = null)
    : IProviderSpendLedger
{
    /// <summary>Spend is money, so a conflicting write gets more tries than a latency sample.</summary>
    static readonly Polly.ResiliencePipeline ConflictRetry = ConditionalJsonBlobs<ProviderDailySpend>.ConflictRetry(maxRetryAttempts: 16, TimeSpan.FromSeconds(1));

    readonly ConditionalJsonBlobs<ProviderDailySpend> _blobs = new(container, ConflictRetry, timeProvider ?? TimeProvider.System,
        readCacheFor ?? TimeSpan.FromSeconds(5));

    public async Task RecordAsync(string provider, string attemptKey, decimal usd, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ProviderDailySpend.CheckRecord(provider, attemptKey, usd);
        var day = ProviderDailySpend.DayOf(at);
        await _blobs.UpdateAsync(NameFor(provider, day), () => ProviderDailySpend.EmptyOn(day), spend => spend.With(attemptKey, usd), cancellationToken);
    }

    public async Task<decimal> SpentOnAsync(string provider, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        var day = ProviderDailySpend.DayOf(at);
        return (await _blobs.ReadAsync(NameFor(provider, day), () => ProviderDailySpend.EmptyOn(day), cancellationToken)).Total;
    }

    static string NameFor(string provider, DateOnly day) => "spend/" + ProviderDailySpend.NameFor(provider, day);
}
