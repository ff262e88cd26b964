using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <summary>A status check: the job's status, or an error. A transient error (<see cref="ProviderError.Retryable"/>)
/// only means "look again at the next timer"; others end the generation.</summary>
public sealed record CheckStatusStepResult(ProviderJobStatus? Status, ProviderError? Error);
