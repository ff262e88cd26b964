using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

public sealed record CheckStatusStepInput(string GenerationId, string Provider, ProviderJobHandle Job);
