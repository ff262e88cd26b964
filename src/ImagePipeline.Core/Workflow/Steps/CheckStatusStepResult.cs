using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <summary>A status check: the job's status, or an error. A transient error (<see cref="ProviderError.Retryable"/>)
/// only means "look again at the next timer"; others end the generation.</summary>
/// <param name="ProgressSent">The <c>progress</c> event this check queued, if any: the workflow hands it to the next check.</param>
public sealed record CheckStatusStepResult(ProviderJobStatus? Status, ProviderError? Error, ProgressEventMark? ProgressSent = null);
