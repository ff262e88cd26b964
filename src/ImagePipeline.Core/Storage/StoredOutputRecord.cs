namespace ImagePipeline.Storage;

/// <summary>The JSON sidecar the filesystem store writes next to each output (<c>{index}.{ext}.json</c>).</summary>
internal sealed record StoredOutputRecord(
    string Name,
    string ContentType,
    long Bytes,
    string Sha256,
    int? Width,
    int? Height,
    string GenerationId,
    int Index,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string>? Metadata);
