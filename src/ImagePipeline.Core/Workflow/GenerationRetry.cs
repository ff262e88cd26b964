namespace ImagePipeline.Workflow;

/// <summary>Set on a generation started by <c>POST /api/generations/{id}/retry</c>: the generation it repeats, and a
/// warning when that one may also have run at the provider (it ended <c>submit_outcome_unknown</c>).</summary>
public sealed record GenerationRetry(string Of, string? Warning);
