namespace ImagePipeline.Api;

/// <summary>A body read by <see cref="BoundedRequestBody"/>: its bytes, or the problem to answer instead.</summary>
public sealed record BoundedBodyRead(ReadOnlyMemory<byte> Content, ApiResult? Problem);
