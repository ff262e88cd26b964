using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

public sealed record ArchiveStepInput(string GenerationId, string Provider, int Index, ProviderOutput Output, DateTimeOffset CreatedAt);
