namespace ImagePipeline.Providers.Segmind;

/// <summary>Segmind's answer to a v2 submit.</summary>
internal sealed record SegmindSubmitReply(string? RequestId, string? Status, string? PollUrl, string? StatusUrl, string? ResponseUrl);
