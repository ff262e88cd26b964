namespace ImagePipeline.Generation;

/// <summary>How one attempt ended.</summary>
public static class AttemptOutcomes
{
    /// <summary>Still submitting or waiting on the provider.</summary>
    public const string Running = "running";
    /// <summary>The provider refused the submit before it accepted a job (validation, auth, credit, 429, unreachable,
    /// circuit open, budget): nothing started, nothing billed, so the next candidate may be tried.</summary>
    public const string Refused = "refused";
    /// <summary>The submit may have reached the provider and it does not show the job: never re-sent, never failed over.</summary>
    public const string OutcomeUnknown = "outcome_unknown";
    /// <summary>The provider accepted the job and then failed it (or blocked its content).</summary>
    public const string Failed = "failed";
    public const string Succeeded = "succeeded";
    /// <summary>Canceled by the caller, or past the deadline.</summary>
    public const string Canceled = "canceled";
    public const string TimedOut = "timed_out";
}
