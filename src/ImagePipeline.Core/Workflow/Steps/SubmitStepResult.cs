using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <summary>The submit's outcome as data: a job id (and the reply's status when it already had one), or the error
/// that ends the generation. Errors are data, not exceptions, so nothing retries a submit by accident.</summary>
/// <param name="KeepLookingUp">The submit may have reached the provider, which does not show the job (yet): the
/// workflow looks it up again later (<see cref="GenerationStepNames.FindSubmittedJob"/>) and never re-sends it.</param>
public sealed record SubmitStepResult(string? JobId, ProviderJobStatus? Status, ProviderError? Error, bool KeepLookingUp = false)
{
    public static SubmitStepResult Accepted(string jobId, ProviderJobStatus? status) => new(jobId, status, null);
    public static SubmitStepResult Refused(ProviderError error) => new(null, null, error);
    public static SubmitStepResult StillUnknown(ProviderError error) => new(null, null, error, KeepLookingUp: true);
}
