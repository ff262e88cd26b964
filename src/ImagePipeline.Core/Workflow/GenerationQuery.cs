using ImagePipeline.Generation;

namespace ImagePipeline.Workflow;

/// <summary>One page of <c>GET /api/generations</c>: which generations (every filter must hold), how many, and where the
/// previous page ended. The filters are judged here, on the status document, so both runtimes list by the same rules.</summary>
public sealed record GenerationQuery
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Any of these statuses; empty for all.</summary>
    public IReadOnlySet<GenerationStatus> Statuses { get; init; } = new HashSet<GenerationStatus>();

    public string? Provider { get; init; }

    /// <summary>Created at or after this instant.</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Created before this instant (exclusive, so adjacent windows never share a generation).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Request metadata entries that must all be present with exactly these values.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Opaque, from the previous page; only the runtime that wrote it reads it.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>The filters that depend only on what the generation was created with (never change afterwards).</summary>
    public bool MatchesCreation(string? provider, DateTimeOffset createdAt, IReadOnlyDictionary<string, string>? metadata)
    {
        if (Provider is not null && !string.Equals(Provider, provider, StringComparison.OrdinalIgnoreCase)) return false;
        if (CreatedAfter is { } after && createdAt < after) return false;
        if (CreatedBefore is { } before && createdAt >= before) return false;
        foreach (var (key, value) in Metadata)
        {
            if (metadata is null || !metadata.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public bool Matches(GenerationStatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return (Statuses.Count == 0 || Statuses.Contains(document.Status))
            && MatchesCreation(document.Provider, document.CreatedAt, document.Metadata);
    }
}
