using ImagePipeline.Generation;
using ImagePipeline.Providers;

namespace ImagePipeline.Workflow;

/// <summary>The workflow's custom status: what the status API shows while it runs (kept small: it is stored on every change).</summary>
public sealed record GenerationProgress
{
    public GenerationStatus Status { get; init; }
    /// <summary>0–100, from the provider's progress where it reports one, else from the phase.</summary>
    public int Percent { get; init; }
    public string? ProviderJobId { get; init; }
    public string? ProviderStatus { get; init; }
    public IReadOnlyList<ArchivedOutput> Outputs { get; init; } = [];
    public ProviderError? Error { get; init; }
    /// <summary>The provider and model of the current (or last) attempt; null in instances from before failover.</summary>
    public string? Provider { get; init; }
    public string? Model { get; init; }
    /// <summary>Every attempt so far; null in instances from before failover.</summary>
    public IReadOnlyList<GenerationAttempt>? Attempts { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
