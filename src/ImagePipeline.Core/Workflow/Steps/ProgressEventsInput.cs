namespace ImagePipeline.Workflow.Steps;

/// <summary>Set on a status check when the caller asked for <c>progress</c> events: where to send them, and the last one sent.</summary>
public sealed record ProgressEventsInput(string CallbackUrl, ProgressEventMark? LastSent);
