using ImagePipeline.Generation;

namespace ImagePipeline.Workflow.Steps;

/// <summary>The final status to deliver to the caller's webhook.</summary>
public sealed record NotifyStepInput(string GenerationId, string CallbackUrl, GenerationStatusDocument FinalStatus);
