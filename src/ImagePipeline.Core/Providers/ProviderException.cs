using System.Net;

namespace ImagePipeline.Providers;

/// <summary>A provider call failed. Carries the provider's HTTP status and its own message, and the pipeline error code.</summary>
public class ProviderException : Exception
{
    public ProviderException(string provider, string errorCode, string message, HttpStatusCode? statusCode = null,
        string? providerMessage = null, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        ProviderMessage = providerMessage;
        IsTransient = isTransient;
    }

    public ProviderException() : this("unknown", ProviderErrorCodes.ProviderUnavailable, "Provider call failed.") { }
    public ProviderException(string message) : this("unknown", ProviderErrorCodes.ProviderUnavailable, message) { }
    public ProviderException(string message, Exception innerException)
        : this("unknown", ProviderErrorCodes.ProviderUnavailable, message, innerException: innerException) { }

    public string Provider { get; }
    /// <summary>One of <see cref="ProviderErrorCodes"/>.</summary>
    public string ErrorCode { get; }
    public HttpStatusCode? StatusCode { get; }
    /// <summary>The provider's own error text, verbatim.</summary>
    public string? ProviderMessage { get; }
    /// <summary>True when retrying the same (safe) call may succeed: 5xx, 408, 429, network faults, timeouts.</summary>
    public bool IsTransient { get; }

    public virtual ProviderError ToError() => new(ErrorCode, ProviderMessage ?? Message, IsTransient);
}
