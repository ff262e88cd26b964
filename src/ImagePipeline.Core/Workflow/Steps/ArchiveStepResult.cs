using ImagePipeline.Generation;
using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <summary>An archived output, or why it could not be archived (expired link: no retry helps).</summary>
public sealed record ArchiveStepResult(ArchivedOutput? Output, ProviderError? Error);
