using System.Net;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Http;

namespace ImagePipeline.Providers.Runware;

/// <summary>Maps Runware's error replies (an <c>errors</c> array with code/message/parameter) to typed errors.</summary>
internal static class RunwareErrors
{
    public static ProviderException Map(ProviderHttpResponse response, TimeProvider timeProvider)
    {
        var first = RunwareReply.TryParse(response.Body)?.Errors.FirstOrDefault();
        return FromError(response.StatusCode, first, first?.Describe() ?? response.ErrorMessage(), response, timeProvider);
    }

    /// <summary>A task refused inside an otherwise successful reply (nothing was started for it).</summary>
    public static ProviderException Refused(RunwareError error, HttpStatusCode statusCode) =>
        FromError(statusCode, error, error.Describe(), null, TimeProvider.System);

    static ProviderException FromError(HttpStatusCode status, RunwareError? error, string message, ProviderHttpResponse? response, TimeProvider timeProvider)
    {
        const string provider = ProviderNames.Runware;
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.TooManyRequests => new ProviderRateLimitedException(provider, $"Runware is throttling requests: {message}",
                response is null ? null : RateLimitHeaders.GetRetryAfter(response.Headers, timeProvider), message),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ProviderException(provider, ProviderErrorCodes.ProviderUnauthorized,
                $"Runware refused the credentials ({code}): {message}", status, message),
            HttpStatusCode.PaymentRequired => new ProviderException(provider, ProviderErrorCodes.InsufficientCredits,
                $"Runware reports an insufficient balance ({code}): {message}", status, message),
            HttpStatusCode.RequestTimeout => new ProviderException(provider, ProviderErrorCodes.ProviderUnavailable,
                $"Runware timed out ({code}): {message}", status, message, isTransient: true),
            _ when code >= 500 => new ProviderException(provider, ProviderErrorCodes.ProviderUnavailable,
                $"Runware server error ({code}): {message}", status, message, isTransient: true),
            _ when error?.IsAboutCredits == true => new ProviderException(provider, ProviderErrorCodes.InsufficientCredits,
                $"Runware reports an insufficient balance ({code}): {message}", status, message),
            _ when ContentSafetyMessages.LooksLikeSafetyBlockCode(error?.Code, error?.Message) => new ProviderException(provider, ProviderErrorCodes.ContentBlocked,
                $"Runware's content safety refused the request ({code}): {message}", status, message),
            _ => new ProviderException(provider, ProviderErrorCodes.ProviderRejected,
                $"Runware refused the request ({code}): {message}", status, message),
        };
    }
}
