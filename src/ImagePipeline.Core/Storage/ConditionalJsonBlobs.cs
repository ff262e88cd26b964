using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Serialization;
using Polly;
using Polly.Retry;

namespace ImagePipeline.Storage;

/// <summary>Small JSON documents, one per blob, that several workers update: read-modify-write with the blob's ETag
/// (If-Match, or If-None-Match: * for the first), so two writers at once never lose each other's change — the loser
/// reads again and re-applies its own. Reads reuse a copy at most <paramref name="readCacheFor"/> old. A document
/// damaged outside the app reads as <c>empty</c> rather than failing every caller.</summary>
public sealed class ConditionalJsonBlobs<T>(BlobContainerClient container, ResiliencePipeline conflictRetry, TimeProvider time, TimeSpan readCacheFor)
    where T : class
{
    readonly ConcurrentDictionary<string, (T Document, DateTimeOffset ReadAt)> _recent = new(StringComparer.Ordinal);
    int _containerReady;

    /// <summary>Retries a write another writer got in before (409, 412), with backoff.</summary>
    public static ResiliencePipeline ConflictRetry(int maxRetryAttempts, TimeSpan? maxDelay = null) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(ex => ex.Status is 409 or 412),
            MaxRetryAttempts = maxRetryAttempts,
            Delay = TimeSpan.FromMilliseconds(20),
            BackoffType = DelayBackoffType.Exponential,
            MaxDelay = maxDelay,
            UseJitter = true,
        })
        .Build();

    /// <summary>Applies <paramref name="update"/> to the stored document (or <paramref name="empty"/>) and writes the
    /// result, unless it returned the document itself (nothing changed).</summary>
    public async Task<T> UpdateAsync(string name, Func<T> empty, Func<T, T> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        await EnsureContainerAsync(cancellationToken);
        var blob = container.GetBlobClient(name);
        return await conflictRetry.ExecuteAsync(async token =>
        {
            var (document, etag) = await ReadAsync(blob, empty, token);
            var updated = update(document);
            if (!ReferenceEquals(updated, document))
            {
                var conditions = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All };
                await blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(updated, WorkflowJson.Options)),
                    new BlobUploadOptions { Conditions = conditions }, token);
            }
            _recent[name] = (updated, time.GetUtcNow());
            return updated;
        }, cancellationToken);
    }

    /// <summary>The document as read (or written here) at most the cache time ago; <paramref name="empty"/> when there is none.</summary>
    public async Task<T> ReadAsync(string name, Func<T> empty, CancellationToken cancellationToken)
    {
        if (_recent.TryGetValue(name, out var cached) && time.GetUtcNow() - cached.ReadAt < readCacheFor) return cached.Document;
        T document;
        try
        {
            document = (await ReadAsync(container.GetBlobClient(name), empty, cancellationToken)).Document;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            document = empty(); // no container yet
        }
        _recent[name] = (document, time.GetUtcNow());
        return document;
    }

    static async Task<(T Document, ETag? ETag)> ReadAsync(BlobClient blob, Func<T> empty, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await blob.DownloadContentAsync(cancellationToken)).Value;
            T? document;
            try
            {
                document = content.Content.ToObjectFromJson<T>(WorkflowJson.Options);
            }
            catch (JsonException)
            {
                document = null;
            }
            return (document ?? empty(), content.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return (empty(), null);
        }
    }

    async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 1) return;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        Volatile.Write(ref _containerReady, 1);
    }
}
