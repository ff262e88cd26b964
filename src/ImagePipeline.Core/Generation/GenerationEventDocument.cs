namespace ImagePipeline.Generation;

/// <summary>The body of a <c>started</c> or <c>progress</c> caller webhook: the fields of the status document the step
/// sending it knows (same names), plus <see cref="Event"/>. The <c>completed</c> event is the full status document instead.</summary>
public sealed record GenerationEventDocument
{
    /// <summary><see cref="WebhookEventNames.Started"/> or <see cref="WebhookEventNames.Progress"/>.</summary>
    public required string Event { get; init; }
    public required string Id { get; init; }
    public required GenerationStatus Status { get; init; }
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public string? ProviderJobId { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public required GenerationProgressDocument Progress { get; init; }
    /// <summary>The request's metadata on <c>started</c> (so entry points without a known id can correlate); omitted on
    /// <c>progress</c>, whose input travels through every status check of the durable history.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
