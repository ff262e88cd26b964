using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Security;

/// <summary>
/// Options of <see cref="CallbackTokenService"/> (configuration: <c>Pipeline:CallbackSecret</c>).
/// Production must set a long random secret. When none is set, the Development environment (or a host with no environment,
/// such as a test) falls back to <see cref="DevelopmentSecret"/> and logs a warning; anywhere else start-up fails, unless
/// <see cref="AllowDevelopmentSecret"/> (<c>Pipeline:AllowDevelopmentCallbackSecret</c>) says a fresh local run may use it.
/// </summary>
public sealed class CallbackTokenOptions
{
    /// <summary>Shared with <c>PipelineOptions</c>: the setting names predate this class.</summary>
    public const string SectionName = "Pipeline";

    /// <summary>Publicly known, so tokens made with it protect nothing: for local runs only.</summary>
    public const string DevelopmentSecret = "imagepipeline-development-callback-secret";

    /// <summary>The server secret the callback tokens are HMACs under (its UTF-8 bytes are the key).</summary>
    [ConfigurationKeyName("CallbackSecret")]
    public string? Secret { get; set; }

    /// <summary>Lets a non-Development host fall back to <see cref="DevelopmentSecret"/> (with a warning).</summary>
    [ConfigurationKeyName("AllowDevelopmentCallbackSecret")]
    public bool AllowDevelopmentSecret { get; set; }
}
