namespace ImagePipeline.Generation;

/// <summary>The body of <c>GET /api/generations/{id}</c>, of caller webhooks and of completion events.</summary>
public sealed record GenerationStatusDocument
{
    public required string Id { get; init; }
    public required GenerationStatus Status { get; init; }
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public string? ProviderJobId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public GenerationProgressDocument Progress { get; init; } = new(0, null);
    public IReadOnlyList<ArchivedOutput> Outputs { get; init; } = [];
    public GenerationErrorDocument? Error { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public NotificationSummary? Notification { get; init; }
    /// <summary>The generation this one repeats (<c>POST /api/generations/{id}/retry</c>).</summary>
    public string? RetryOf { get; init; }
    /// <summary>How the provider was chosen (absent for generations accepted before routing existed).</summary>
    public GenerationRoutingDocument? Routing { get; init; }
    /// <summary>Each provider the generation was sent to or refused by, in order, with what each cost.</summary>
    public IReadOnlyList<GenerationAttempt>? Attempts { get; init; }
    /// <summary>The total over <see cref="Attempts"/>.</summary>
    public GenerationCost? Cost { get; init; }
    /// <summary>Something the caller should know that is not an error, e.g. that the retried generation may also have run.</summary>
    public string? Warning { get; init; }
}
