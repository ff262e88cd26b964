using System.Net;

namespace ImagePipeline.Providers.Http;

/// <summary>The common mapping from an HTTP error reply to a typed error; clients refine it where their API differs.</summary>
public static class ProviderHttpErrors
{
    public static ProviderException Map(ProviderHttpResponse response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        var provider = response.Provider;
        var status = response.StatusCode;
        var message = response.ErrorMessage();
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.TooManyRequests => new ProviderRateLimitedException(provider,
                $"{provider} rate limit reached: {message}", RateLimitHeaders.GetRetryAfter(response.Headers, timeProvider), message),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ProviderException(provider, ProviderErrorCodes.ProviderUnauthorized,
                $"{provider} refused the credentials ({code}): {message}", status, message),
            HttpStatusCode.PaymentRequired => new ProviderException(provider, ProviderErrorCodes.InsufficientCredits,
                $"{provider} reports insufficient credits ({code}): {message}", status, message),
            HttpStatusCode.RequestTimeout => new ProviderException(provider, ProviderErrorCodes.ProviderUnavailable,
                $"{provider} timed out ({code}): {message}", status, message, isTransient: true),
            _ when code >= 500 => new ProviderException(provider, ProviderErrorCodes.ProviderUnavailable,
                $"{provider} server error ({code}): {message}", status, message, isTransient: true),
            _ => new ProviderException(provider, ProviderErrorCodes.ProviderRejected,
                $"{provider} refused the request ({code}): {message}", status, message),
        };
    }
}
