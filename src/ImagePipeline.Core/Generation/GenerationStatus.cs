namespace ImagePipeline.Generation;

/// <summary>A generation's status as callers see it.</summary>
public enum GenerationStatus
{
    Queued,
    Submitted,
    Running,
    Archiving,
    Notifying,
    Completed,
    Failed,
    Canceled,
}

public static class GenerationStatusExtensions
{
    public static bool IsTerminal(this GenerationStatus status) =>
        status is GenerationStatus.Completed or GenerationStatus.Failed or GenerationStatus.Canceled;
}
