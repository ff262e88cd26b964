using System.ComponentModel.DataAnnotations;
using ImagePipeline.Generation;

namespace ImagePipeline.Pipeline;

/// <summary>The <c>Pipeline</c> configuration section (design.md, "Configuration").</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>Provider used when a request names none.</summary>
    public string DefaultProvider { get; set; } = ProviderNames.Mock;
    /// <summary>How providers reach our callback route, e.g. <c>https://myapp.azurewebsites.net</c>. Without it no
    /// provider webhook is requested and the workflow polls.</summary>
    public Uri? PublicBaseUrl { get; set; }
    /// <summary>Secret for the HMAC token in provider callback URLs.</summary>
    public string? CallbackSecret { get; set; }
    /// <summary>How long a generation may wait for its provider before it fails with provider_timeout.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>What <c>Retry-After</c> tells callers polling the status route.</summary>
    public TimeSpan StatusRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest request body the API reads (<c>POST /api/generations</c>, <c>/api/events</c>, provider callbacks);
    /// a larger one is answered 413 as soon as it is known to be larger, without being buffered.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Pipeline:MaxRequestBodyBytes must be positive.")]
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>16 MiB: room for a source image and references as data URIs within the providers' per-image limits.</summary>
    public const long DefaultMaxRequestBodyBytes = 16 * 1024 * 1024;

    /// <summary>How long a submit of unknown fate (crash or lost answer mid-submit) is looked up by our own id before the
    /// generation ends <c>submit_outcome_unknown</c>: a provider that registers a task only when it answers shows it
    /// late. Long enough for a slow provider's answer; never re-sent meanwhile.</summary>
    public TimeSpan SubmitLookupGrace { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>The wait between those lookups (a durable timer each).</summary>
    public TimeSpan SubmitLookupInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The least time between two <c>progress</c> caller webhook events of one generation (they are also sent only
    /// when the phase or percentage changed). Zero sends one for every status check that saw a change.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Pipeline:ProgressWebhookInterval must be between 0 and 1 day.")]
    public TimeSpan ProgressWebhookInterval { get; set; } = TimeSpan.FromSeconds(5);
}
