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
/// each other's sample: the loser reads again and re-applies its own.</summary>
public sealed class BlobProviderLatencyStore(BlobContainerClient container, int keep) : IProviderLatencyStore
{
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
        var blob = container.GetBlobClient(NameFor(provider, model));
        await ConflictRetry.ExecuteAsync(async token =>
        {
            var (history, etag) = await ReadAsync(blob, token);
            var conditions = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            await blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(history.With(latency, keep), WorkflowJson.Options)),
                new BlobUploadOptions { Conditions = conditions }, token);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<TimeSpan>> ReadRecentAsync(string provider, string model, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await ReadAsync(container.GetBlobClient(NameFor(provider, model)), cancellationToken)).History.Latencies;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return []; // no container yet
        }
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
