using ImagePipeline.Generation;

namespace ImagePipeline.Workflow.Steps;

public sealed record SubmitStepInput(string GenerationId, GenerationRequest Request, string Provider, string Model);
