using ImagePipeline.Generation;

namespace ImagePipeline.Workflow.Steps;

/// <summary>The terminal status to publish as a completion event.</summary>
public sealed record PublishCompletionStepInput(string GenerationId, GenerationStatusDocument FinalStatus);
