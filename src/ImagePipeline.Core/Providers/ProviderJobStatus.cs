namespace ImagePipeline.Providers;

/// <summary>A provider job as last seen: normalised state, the provider's own status word, progress, outputs, error.</summary>
public sealed record ProviderJobStatus
{
    public required string JobId { get; init; }
    public required ProviderJobState State { get; init; }
    /// <summary>The provider's own status string (e.g. "PROCESSING", "warming-up"), shown to callers as-is.</summary>
    public string? ProviderStatus { get; init; }
    /// <summary>0..1 when the provider reports progress.</summary>
    public double? Progress { get; init; }
    public IReadOnlyList<ProviderOutput> Outputs { get; init; } = [];
    public ProviderError? Error { get; init; }
    /// <summary>The provider's own figure for the job, where its reply carries one.</summary>
    public ProviderCost? Cost { get; init; }
}
