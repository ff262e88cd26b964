namespace ImagePipeline.Workflow;

/// <summary>A caller's cancel request, raised into the workflow.</summary>
public sealed record CancelRequest(DateTimeOffset RequestedAt, string? Reason = null);
