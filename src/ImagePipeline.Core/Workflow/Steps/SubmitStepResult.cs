using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <summary>The submit's outcome as data: a job id (and the reply's status when it already had one), or the error
/// that ends the generation. Errors are data, not exceptions, so nothing retries a submit by accident.</summary>
/// <param name="KeepLookingUp">The submit may have reached the provider, which does not show the job (yet): the
/// workflow looks it up again later (<see cref="GenerationStepNames.FindSubmittedJob"/>) and never re-sends it.</param>
/// <param name="NotStarted">The provider provably started nothing (it refused before accepting: validation 400,
/// 401/402/403/406, 429, connection refused, DNS failure; or its circuit or budget stopped the call): the workflow may
/// fail over to the next candidate. False for every refusal it cannot prove.</param>
public sealed record SubmitStepResult(string? JobId, ProviderJobStatus? Status, ProviderError? Error, bool KeepLookingUp = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool NotStarted = false)
{
    public static SubmitStepResult Accepted(string jobId, ProviderJobStatus? status) => new(jobId, status, null);
    public static SubmitStepResult Refused(ProviderError error) => new(null, null, error);
    public static SubmitStepResult RefusedBeforeStart(ProviderError error) => new(null, null, error, NotStarted: true);
    public static SubmitStepResult StillUnknown(ProviderError error) => new(null, null, error, KeepLookingUp: true);
}
