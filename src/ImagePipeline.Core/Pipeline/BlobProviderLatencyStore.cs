using Azure.Storage.Blobs;
using ImagePipeline.Storage;

namespace ImagePipeline.Pipeline;

/// <summary>The Functions host's latency store: one small JSON blob per provider and model, updated with its ETag
/// (<see cref="ConditionalJsonBlobs{T}"/>), so two workers completing jobs at once never overwrite each other's sample.
/// Starts read a copy at most <paramref name="readCacheFor"/> old (30 s by default) instead of downloading the blob for
/// every generation: other workers' samples arrive that much later, which only delays what a plan learns.</summary>
public sealed class BlobProviderLatencyStore(BlobContainerClient container, int keep, TimeProvider? timeProvider = null, TimeSpan? readCacheFor = null)
    : IProviderLatencyStore
{
    /// <summary>A handful of tries covers any realistic completion rate on one key; a sample that still loses is only one
    /// sample. A damaged history only costs what it would have taught.</summary>
    static readonly Polly.ResiliencePipeline ConflictRetry = ConditionalJsonBlobs<ProviderLatencyHistory>.ConflictRetry(maxRetryAttempts: 8);

    readonly ConditionalJsonBlobs<ProviderLatencyHistory> _blobs = new(container, ConflictRetry, timeProvider ?? TimeProvider.System,
        readCacheFor ?? TimeSpan.FromSeconds(30));

    public async Task RecordAsync(string provider, string model, TimeSpan latency, CancellationToken cancellationToken = default) =>
        await _blobs.UpdateAsync(NameFor(provider, model), () => ProviderLatencyHistory.Empty, history => history.With(latency, keep), cancellationToken);

    public async Task<IReadOnlyList<TimeSpan>> ReadRecentAsync(string provider, string model, CancellationToken cancellationToken = default) =>
        (await _blobs.ReadAsync(NameFor(provider, model), () => ProviderLatencyHistory.Empty, cancellationToken)).Latencies;

    static string NameFor(string provider, string model) => "latencies/" + ProviderLatencyHistory.NameFor(provider, model);
}
