using System.Text.Json;

namespace ImagePipeline.Providers.Segmind;

/// <summary>The body of both <c>GET /v2/requests/{id}/status</c> and <c>GET /v2/requests/{id}</c> (also the 422 FAILED body).
/// <c>output</c>, <c>images</c> and <c>error</c> are kept raw because their shapes are not pinned down (string, list or
/// object); metrics, seed and cost are not needed and left out.</summary>
internal sealed record SegmindRequestReply(string? RequestId, string? Status, JsonElement? Output, JsonElement? Images, JsonElement? Error);
