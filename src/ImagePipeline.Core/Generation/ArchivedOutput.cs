namespace ImagePipeline.Generation;

/// <summary>One output copied into our storage, as the status API and notifications show it.</summary>
public sealed record ArchivedOutput(string Uri, string ContentType, long Bytes, string Sha256, int? Width, int? Height);
