namespace ImagePipeline.Storage;

/// <summary>An archived output as the status record reports it.</summary>
/// <param name="Uri">Where it is stored (<c>file://</c> or the blob's URL, without any SAS).</param>
/// <param name="ContentType">Sniffed from the bytes, else the declared type, else <c>application/octet-stream</c>.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
/// <param name="Width">Pixel width when the header states it.</param>
/// <param name="Height">Pixel height when the header states it.</param>
/// <param name="Name">The store-relative name, e.g. <c>2025/01/31/gen123/0.png</c>.</param>
public sealed record StoredOutput(string Uri, string ContentType, long Bytes, string Sha256, int? Width, int? Height, string Name);
