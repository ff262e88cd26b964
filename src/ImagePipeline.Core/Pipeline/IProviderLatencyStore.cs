namespace ImagePipeline.Pipeline;

/// <summary>Recent submit→finish latencies of completed jobs per provider and model, outside the durable history: what
/// the starter learns polling plans from. Only the newest few hundred are kept per key.</summary>
public interface IProviderLatencyStore
{
    Task RecordAsync(string provider, string model, TimeSpan latency, CancellationToken cancellationToken = default);

    /// <summary>The most recent latencies, oldest first; empty when none were recorded.</summary>
    Task<IReadOnlyList<TimeSpan>> ReadRecentAsync(string provider, string model, CancellationToken cancellationToken = default);
}
