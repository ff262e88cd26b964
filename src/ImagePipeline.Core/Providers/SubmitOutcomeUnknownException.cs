using System.Net;

namespace ImagePipeline.Providers;

/// <summary>A submit may have reached the provider (timeout, connection lost or 5xx after the request was sent).
/// It is never re-sent blindly, since that would start a second billable job; the workflow decides what to do
/// (for Runware it looks the taskUUID up first).</summary>
public sealed class SubmitOutcomeUnknownException(string provider, string message, HttpStatusCode? statusCode = null,
    string? providerMessage = null, Exception? innerException = null)
    : ProviderException(provider, ProviderErrorCodes.SubmitOutcomeUnknown, message, statusCode, providerMessage, isTransient: false, innerException);
