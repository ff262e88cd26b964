namespace ImagePipeline.Providers;

/// <summary>The error codes a generation can end with. They appear in the status API and in notifications.</summary>
public static class ProviderErrorCodes
{
    /// <summary>The provider refused the request (bad parameters, unknown model, retired model).</summary>
    public const string ProviderRejected = "provider_rejected";
    /// <summary>Bad or missing API key, or not allowed.</summary>
    public const string ProviderUnauthorized = "provider_unauthorized";
    /// <summary>Out of credits / budget / balance.</summary>
    public const string InsufficientCredits = "insufficient_credits";
    /// <summary>The provider's content-safety system blocked the request or the output.</summary>
    public const string ContentBlocked = "content_blocked";
    /// <summary>The provider ran the job and reports it failed.</summary>
    public const string ProviderFailed = "provider_failed";
    /// <summary>The job did not finish before the pipeline's deadline.</summary>
    public const string ProviderTimeout = "provider_timeout";
    /// <summary>The result (record or file) was gone before the pipeline copied it.</summary>
    public const string ResultExpired = "result_expired";
    /// <summary>Rate limited and out of patience.</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>The provider was unreachable or kept failing with server errors.</summary>
    public const string ProviderUnavailable = "provider_unavailable";
    /// <summary>A submit may or may not have reached the provider; it was not re-sent to avoid a second billable job.</summary>
    public const string SubmitOutcomeUnknown = "submit_outcome_unknown";
    /// <summary>The request failed validation before anything was sent.</summary>
    public const string InvalidRequest = "invalid_request";
    /// <summary>Canceled by the caller.</summary>
    public const string Canceled = "canceled";
    /// <summary>Copying an output to storage failed.</summary>
    public const string ArchiveFailed = "archive_failed";
    /// <summary>The provider's daily budget (<c>Budget__{provider}__DailyUsd</c>) is spent; nothing was submitted.</summary>
    public const string BudgetExhausted = "budget_exhausted";
    /// <summary>An input image could not be read or prepared.</summary>
    public const string InvalidInput = "invalid_input";
}
