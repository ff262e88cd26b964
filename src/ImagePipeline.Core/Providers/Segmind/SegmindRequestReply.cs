using System.Text.Json;

namespace ImagePipeline.Providers.Segmind;

/// <summary>The body of both <c>GET /v2/requests/{id}/status</c> and <c>GET /v2/requests/{id}</c> (also the 422 FAILED body).
/// <c>output</c>, <c>images</c> and <c>error</c> are kept raw because their shapes are not pinned down (string, list or
/// object); <c>metrics</c> is kept raw for its optional <c>cost</c>, the job's bill where Segmind reports it.</summary>
internal sealed record SegmindRequestReply(string? RequestId, string? Status, JsonElement? Output, JsonElement? Images, JsonElement? Error, JsonElement? Metrics)
{
    public ProviderCost? Cost => ReportedCosts.UsdOf(Metrics, "cost") is { } usd ? new ProviderCost(usd) : null;
}
