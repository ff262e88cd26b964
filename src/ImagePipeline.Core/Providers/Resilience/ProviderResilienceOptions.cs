using System.ComponentModel.DataAnnotations;

namespace ImagePipeline.Providers.Resilience;

/// <summary>Retry and timeout settings for provider calls (bound from <c>Resilience</c> configuration). The ranges are
/// Polly's own limits, checked at start so a bad value stops the host instead of the first provider call.</summary>
public sealed class ProviderResilienceOptions
{
    public const string SectionName = "Resilience";

    /// <summary>How long one HTTP attempt may take (until response headers for downloads).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Resilience:AttemptTimeout must be between 10 ms and 1 day.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a safe call (status check, download start) may take across all its retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Resilience:TotalTimeout must be between 10 ms and 1 day.")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Retries after the first attempt for safe calls.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Resilience:MaxRetryAttempts must be at least 1.")]
    public int MaxRetryAttempts { get; set; } = 4;
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Resilience:BaseDelay must be between 0 and 1 day.")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Upper bound on a single wait, including one asked for by Retry-After or a reset header.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Resilience:MaxDelay must be between 0 and 1 day.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Retries of a submit that the provider refused with 429 (refused, so not billed and safe to re-send).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Resilience:MaxSubmitRateLimitRetries must be at least 1.")]
    public int MaxSubmitRateLimitRetries { get; set; } = 2;
}
