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
    public NotificationSummary? Notification { get; init; }
    public DateTimeOffset CompletedAt { get; init; }
}
