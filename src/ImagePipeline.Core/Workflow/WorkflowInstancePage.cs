namespace ImagePipeline.Workflow;

/// <summary>Instances matching a <see cref="GenerationQuery"/>, newest first, and the token for the next page (null on
/// the last). A page may hold fewer than the page size and still have a next one.</summary>
public sealed record WorkflowInstancePage(IReadOnlyList<WorkflowInstance> Instances, string? ContinuationToken);
