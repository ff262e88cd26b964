namespace ImagePipeline.Resilience;

/// <summary>Retry and timeout settings for provider calls (bound from <c>Resilience</c> configuration).</summary>
public sealed class ProviderResilienceOptions
{
    /// <summary>How long one HTTP attempt may take (until response headers for downloads).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a safe call (status check, download start) may take across all its retries.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Retries after the first attempt for safe calls.</summary>
    public int MaxRetryAttempts { get; set; } = 4;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Upper bound on a single wait, including one asked for by Retry-After or a reset header.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Retries of a submit that the provider refused with 429 (refused, so not billed and safe to re-send).</summary>
    public int MaxSubmitRateLimitRetries { get; set; } = 2;
}
