using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <summary>The submit's outcome as data: a job id (and the reply's status when it already had one), or the error
/// that ends the generation. Errors are data, not exceptions, so nothing retries a submit by accident.</summary>
public sealed record SubmitStepResult(string? JobId, ProviderJobStatus? Status, ProviderError? Error)
{
    public static SubmitStepResult Accepted(string jobId, ProviderJobStatus? status) => new(jobId, status, null);
    public static SubmitStepResult Refused(ProviderError error) => new(null, null, error);
}
