using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Serialization;
using Polly;
using Polly.Retry;

namespace ImagePipeline.Pipeline;

/// <summary>The Functions host's latency store: one small JSON blob per provider and model, updated read-modify-write
/// with its ETag (If-Match, or If-None-Match: * for the first), so two workers completing jobs at once never overwrite
/// each other's sample: the loser reads again and re-applies its own. Starts read a copy at most
/// <paramref name="readCacheFor"/> old (30 s by default) instead of downloading the blob for every generation: other
/// workers' samples arrive that much later, which only delays what a plan learns.</summary>
public sealed class BlobProviderLatencyStore(BlobContainerClient container, int keep, TimeProvider? timeProvider = null, TimeSpan? readCacheFor = null)
    : IProviderLatencyStore
{
    readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    readonly TimeSpan _readCacheFor = readCacheFor ?? TimeSpan.FromSeconds(30);
    readonly ConcurrentDictionary<string, (IReadOnlyList<TimeSpan> Latencies, DateTimeOffset ReadAt)> _recent = new(StringComparer.Ordinal);

    /// <summary>Another writer got in between: read again. A handful of tries covers any realistic completion rate on
    /// one key; a sample that still loses is only one sample.</summary>
    static readonly ResiliencePipeline ConflictRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(ex => ex.Status is 409 or 412),
            MaxRetryAttempts = 8,
            Delay = TimeSpan.FromMilliseconds(20),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    int _containerReady;

    public async Task RecordAsync(string provider, string model, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var name = NameFor(provider, model);
        var blob = container.GetBlobClient(name);
        await ConflictRetry.ExecuteAsync(async token =>
        {
            var (history, etag) = await ReadAsync(blob, token);
            var conditions = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            var updated = history.With(latency, keep);
            await blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(updated, WorkflowJson.Options)),
                new BlobUploadOptions { Conditions = conditions }, token);
            _recent[name] = (updated.Latencies, _time.GetUtcNow());
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<TimeSpan>> ReadRecentAsync(string provider, string model, CancellationToken cancellationToken = default)
    {
        var name = NameFor(provider, model);
        if (_recent.TryGetValue(name, out var cached) && _time.GetUtcNow() - cached.ReadAt < _readCacheFor) return cached.Latencies;
        IReadOnlyList<TimeSpan> latencies;
        try
        {
            latencies = (await ReadAsync(container.GetBlobClient(name), cancellationToken)).History.Latencies;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            latencies = []; // no container yet
        }
        _recent[name] = (latencies, _time.GetUtcNow());
        return latencies;
    }

    static async Task<(ProviderLatencyHistory History, ETag? ETag)> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken)).Value;
            ProviderLatencyHistory? history;
            try
            {
                history = content.Content.ToObjectFromJson<ProviderLatencyHistory>(WorkflowJson.Options);
            }
            catch (JsonException)
            {
                history = null; // a damaged history only costs what it would have taught
            }
            return (history ?? ProviderLatencyHistory.Empty, content.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return (ProviderLatencyHistory.Empty, null);
        }
    }

    async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 1) return;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        Volatile.Write(ref _containerReady, 1);
    }

    static string NameFor(string provider, string model) => "latencies/" + ProviderLatencyHistory.NameFor(provider, model);
}
