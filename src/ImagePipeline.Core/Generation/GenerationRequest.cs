namespace ImagePipeline.Generation;

/// <summary>The canonical request every entry point (HTTP, blob drop, queue, event) is turned into.</summary>
public sealed record GenerationRequest
{
    public string Prompt { get; init; } = "";
    /// <summary>One provider, an ordered list to fail over along, or "auto"; null means the configured default.</summary>
    public ProviderSelection? Provider { get; init; }
    public string? Model { get; init; }
    /// <summary>Source image for an edit: an https URL or a data URI.</summary>
    public string? Image { get; init; }
    public IReadOnlyList<string>? ReferenceImages { get; init; }
    public string? AspectRatio { get; init; }
    public string? Style { get; init; }
    public string? OutputFormat { get; init; }
    public bool? WebSearch { get; init; }
    public int? Seed { get; init; }
    public int? NumberOfImages { get; init; }
    public string? CallbackUrl { get; init; }
    /// <summary>Which caller webhook events to deliver to <see cref="CallbackUrl"/> (<see cref="WebhookEventNames"/>);
    /// null means <see cref="WebhookEventNames.Default"/>.</summary>
    public IReadOnlyList<string>? WebhookEvents { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>When a provider accepted the job and then failed it (or blocked its content), try the next candidate
    /// too. Off by default: that second job is billed as well.</summary>
    public bool? FallbackOnFailure { get; init; }
}
