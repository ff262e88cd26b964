using ImagePipeline.Generation;

namespace ImagePipeline.Workflow.Steps;

/// <summary>The terminal status to publish as a completion event.</summary>
/// <param name="StatusReads">How many times the workflow read the provider's status (for the metrics; 0 in histories
/// written before it was recorded).</param>
public sealed record PublishCompletionStepInput(string GenerationId, GenerationStatusDocument FinalStatus, int StatusReads = 0);
