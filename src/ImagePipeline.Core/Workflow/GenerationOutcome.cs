using ImagePipeline.Generation;
using ImagePipeline.Providers;

namespace ImagePipeline.Workflow;

/// <summary>The workflow's result: the terminal status, the archived outputs, and how the caller was notified.</summary>
public sealed record GenerationOutcome
{
    public GenerationStatus Status { get; init; }
    public string? ProviderJobId { get; init; }
    public IReadOnlyList<ArchivedOutput> Outputs { get; init; } = [];
    public ProviderError? Error { get; init; }
    /// <summary>The provider and model of the current (or last) attempt; null in instances from before failover.</summary>
    public string? Provider { get; init; }
    public string? Model { get; init; }
    /// <summary>Every attempt so far; null in instances from before failover.</summary>
    public IReadOnlyList<GenerationAttempt>? Attempts { get; init; }
    public NotificationSummary? Notification { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}
