using System.Net;

namespace ImagePipeline.Providers;

/// <summary>The job record or the output file is gone (Segmind 404 after an hour, an expired presigned URL).</summary>
public sealed class ProviderResultExpiredException(string provider, string message, HttpStatusCode? statusCode = HttpStatusCode.NotFound, string? providerMessage = null)
    : ProviderException(provider, ProviderErrorCodes.ResultExpired, message, statusCode, providerMessage);
