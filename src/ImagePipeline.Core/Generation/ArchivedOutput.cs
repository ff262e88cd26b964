namespace ImagePipeline.Generation;

/// <summary>One output copied into our storage, as the status API and notifications show it.</summary>
/// <param name="Uri">Where it is stored (<c>file://</c> or the blob's URL): the operator's view.</param>
public sealed record ArchivedOutput(string Uri, string ContentType, long Bytes, string Sha256, int? Width, int? Height)
{
    /// <summary>Where a caller fetches it (<c>GET /api/generations/{id}/outputs/{index}</c>, absolute when
    /// <c>Pipeline:PublicBaseUrl</c> is set). Set only in caller-facing documents, never kept in workflow state.</summary>
    public string? Url { get; init; }
}
