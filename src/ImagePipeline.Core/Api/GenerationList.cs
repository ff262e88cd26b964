using System.Text.Json.Serialization;
using ImagePipeline.Generation;

namespace ImagePipeline.Api;

/// <summary>The body of <c>GET /api/generations</c>: status documents newest first, and the token for the next page
/// (written as <c>null</c> on the last page, not left out, so callers can loop on it).</summary>
public sealed record GenerationList(
    IReadOnlyList<GenerationStatusDocument> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ContinuationToken);
