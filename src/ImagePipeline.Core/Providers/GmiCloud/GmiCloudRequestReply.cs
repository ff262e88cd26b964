using System.Text.Json;

namespace ImagePipeline.Providers.GmiCloud;

/// <summary>A GMI Cloud request record, as both the submit and <c>GET /requests/{request_id}</c> return it. Beyond the
/// documented statuses and <c>outcome.media_urls</c> the shape is inferred, so <c>outcome</c> and <c>error</c> are kept raw.</summary>
internal sealed record GmiCloudRequestReply(string? RequestId, string? Status, JsonElement? Outcome, JsonElement? Error);
