using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Serialization;
using Polly;
using Polly.Retry;

namespace ImagePipeline.Routing;

/// <summary>The Functions host's spend ledger: one small JSON blob per provider and UTC day (<c>spend/…</c> in the state
/// container), updated read-modify-write with its ETag (If-Match, or If-None-Match: * for the first), so two workers
/// recording at once never lose each other's spend: the loser reads again and re-applies its attempt. Budget checks
/// reuse a total read at most <paramref name="readCacheFor"/> ago (5 s by default) instead of downloading the blob for
/// every start: a budget can be overrun by what other workers spend within that window.</summary>
public sealed class BlobProviderSpendLedger(BlobContainerClient container, TimeProvider? timeProvider = null, TimeSpan? readCacheFor = null)
    : IProviderSpendLedger
{
    readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    readonly TimeSpan _readCacheFor = readCacheFor ?? TimeSpan.FromSeconds(5);
    readonly ConcurrentDictionary<string, (decimal Total, DateTimeOffset ReadAt)> _recent = new(StringComparer.Ordinal);

    /// <summary>Another writer got in between: read again. Spend is money, so it gets more tries than a latency sample.</summary>
    static readonly ResiliencePipeline ConflictRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(ex => ex.Status is 409 or 412),
            MaxRetryAttempts = 16,
            Delay = TimeSpan.FromMilliseconds(20),
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = TimeSpan.FromSeconds(1),
            UseJitter = true,
        })
        .Build();

    int _containerReady;

    public async Task RecordAsync(string provider, string attemptKey, decimal usd, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ProviderDailySpend.CheckRecord(provider, attemptKey, usd);
        await EnsureContainerAsync(cancellationToken);
        var day = ProviderDailySpend.DayOf(at);
        var name = NameFor(provider, day);
        var blob = container.GetBlobClient(name);
        await ConflictRetry.ExecuteAsync(async token =>
        {
            var (spend, etag) = await ReadAsync(blob, day, token);
            var updated = spend.With(attemptKey, usd);
            if (!ReferenceEquals(updated, spend))
            {
                var conditions = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All };
                await blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(updated, WorkflowJson.Options)),
                    new BlobUploadOptions { Conditions = conditions }, token);
            }
            _recent[name] = (updated.Total, _time.GetUtcNow());
        }, cancellationToken);
    }

    public async Task<decimal> SpentOnAsync(string provider, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        var day = ProviderDailySpend.DayOf(at);
        var name = NameFor(provider, day);
        if (_recent.TryGetValue(name, out var cached) && _time.GetUtcNow() - cached.ReadAt < _readCacheFor) return cached.Total;
        decimal total;
        try
        {
            total = (await ReadAsync(container.GetBlobClient(name), day, cancellationToken)).Spend.Total;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            total = 0m; // no container yet
        }
        _recent[name] = (total, _time.GetUtcNow());
        return total;
    }

    static async Task<(ProviderDailySpend Spend, ETag? ETag)> ReadAsync(BlobClient blob, DateOnly day, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken)).Value;
            ProviderDailySpend? spend;
            try
            {
                spend = content.Content.ToObjectFromJson<ProviderDailySpend>(WorkflowJson.Options);
            }
            catch (JsonException)
            {
                spend = null; // damaged outside this app: the day starts again rather than every budget check failing
            }
            return (spend ?? ProviderDailySpend.EmptyOn(day), content.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return (ProviderDailySpend.EmptyOn(day), null);
        }
    }

    async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 1) return;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        Volatile.Write(ref _containerReady, 1);
    }

    static string NameFor(string provider, DateOnly day) => "spend/" + ProviderDailySpend.NameFor(provider, day);
}
