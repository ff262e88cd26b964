using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

public sealed record CancelProviderJobStepInput(string GenerationId, string Provider, ProviderJobHandle Job);
