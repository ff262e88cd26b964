using ImagePipeline.Generation;

namespace ImagePipeline.Api;

/// <summary>The 202 body of a start or cancel.</summary>
public sealed record GenerationAccepted(string Id, GenerationStatus Status, string StatusUrl, string CancelUrl);
