using Microsoft.Net.Http.Headers;

namespace ImagePipeline.Web;

/// <summary>One embedded file of the page, read once: its bytes, content type and an ETag of its SHA-256.</summary>
public sealed record WebPageFile(string Name, byte[] Content, string ContentType, EntityTagHeaderValue EntityTag);
