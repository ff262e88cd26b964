namespace ImagePipeline.Workflow.Steps;

/// <summary>Decides whether a status check sends a <c>progress</c> event: only when the phase or percentage changed since
/// the last one, and no sooner than the interval (<c>Pipeline:ProgressWebhookInterval</c>) after it.</summary>
public static class ProgressEventThrottle
{
    /// <returns>The mark of the event to send, or null to send none.</returns>
    public static ProgressEventMark? Next(ProgressEventMark? last, int percent, string? providerStatus, DateTimeOffset now, TimeSpan interval)
    {
        if (last is null) return new(now, percent, providerStatus, 1);
        if (last.Percent == percent && string.Equals(last.ProviderStatus, providerStatus, StringComparison.Ordinal)) return null;
        if (now - last.SentAt < interval) return null;
        return new(now, percent, providerStatus, last.Sequence + 1);
    }
}
