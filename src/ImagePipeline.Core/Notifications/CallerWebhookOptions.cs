using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Notifications;

/// <summary>
/// Options of <see cref="CallerWebhookNotifier"/>. Configuration keys: <c>Notifications:WebhookSecret</c>,
/// <c>Notifications:WebhookMaxAttempts</c>, <c>Notifications:WebhookFirstRetryDelay</c>, <c>Notifications:WebhookAttemptTimeout</c>,
/// <c>Notifications:AllowDevelopmentWebhookSecret</c>.
/// Webhooks are always signed. Production must set <see cref="Secret"/>; when it is missing, the Development environment
/// (or a host without an environment, such as a test) uses <see cref="DevelopmentSecret"/> and logs a warning, and any other
/// environment fails at start-up unless <see cref="AllowDevelopmentSecret"/> is set (for a fresh standalone run).
/// No random secret is ever made up: callers could never verify it.
/// </summary>
public sealed class CallerWebhookOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Publicly known (base64 of <c>imagepipeline-dev-webhook-secret</c>): callers can verify local runs with it, and so can anyone.</summary>
    public const string DevelopmentSecret = "whsec_aW1hZ2VwaXBlbGluZS1kZXYtd2ViaG9vay1zZWNyZXQ=";

    /// <summary><c>whsec_&lt;base64&gt;</c> as the Standard Webhooks tooling issues them, or any string (used as UTF-8 bytes).</summary>
    [ConfigurationKeyName("WebhookSecret")]
    public string? Secret { get; set; }

    /// <summary>Lets a non-Development host fall back to <see cref="DevelopmentSecret"/> (with a warning).</summary>
    [ConfigurationKeyName("AllowDevelopmentWebhookSecret")]
    public bool AllowDevelopmentSecret { get; set; }

    /// <summary>Requests per message, the first included.</summary>
    [ConfigurationKeyName("WebhookMaxAttempts")]
    [Range(1, int.MaxValue, ErrorMessage = "Notifications:WebhookMaxAttempts must be at least 1.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Median delay before the first retry; later ones grow exponentially, with jitter.</summary>
    [ConfigurationKeyName("WebhookFirstRetryDelay")]
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Notifications:WebhookFirstRetryDelay must be between 0 and 1 day.")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound of any one delay, a caller's <c>Retry-After</c> included.</summary>
    [ConfigurationKeyName("WebhookMaxRetryDelay")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one request may take before it counts as failed (at least 10 ms).</summary>
    [ConfigurationKeyName("WebhookAttemptTimeout")]
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Notifications:WebhookAttemptTimeout must be between 10 ms and 1 day.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
