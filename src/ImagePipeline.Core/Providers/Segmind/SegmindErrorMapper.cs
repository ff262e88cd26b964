using System.Net;
using System.Text.RegularExpressions;
using ImagePipeline.Providers.Http;

namespace ImagePipeline.Providers.Segmind;

/// <summary>Segmind's own HTTP error meanings on top of <see cref="ProviderHttpErrors.Map"/>: 406 is either insufficient
/// credits or a wrong content type (told apart by the message), 410 a retired model, 404 on submit an unknown model,
/// 405 an HTML page rather than JSON.</summary>
internal static partial class SegmindErrorMapper
{
    public static ProviderException Map(ProviderHttpResponse response, TimeProvider timeProvider)
    {
        var provider = response.Provider;
        var status = response.StatusCode;
        var code = (int)status;
        var message = ReadableMessage(response);
        return status switch
        {
            HttpStatusCode.NotAcceptable when CreditWords().IsMatch(message) => new ProviderException(provider,
                ProviderErrorCodes.InsufficientCredits, $"{provider} reports insufficient credits ({code}): {message}", status, message),
            HttpStatusCode.NotAcceptable => new ProviderException(provider, ProviderErrorCodes.ProviderRejected,
                $"{provider} refused the request's content type ({code}): {message}", status, message),
            HttpStatusCode.Gone => new ProviderException(provider, ProviderErrorCodes.ProviderRejected,
                $"{provider} has retired this model ({code}): {message}", status, message),
            HttpStatusCode.NotFound => new ProviderException(provider, ProviderErrorCodes.ProviderRejected,
                $"{provider} does not know this model or endpoint ({code}): {message}", status, message),
            HttpStatusCode.MethodNotAllowed => new ProviderException(provider, ProviderErrorCodes.ProviderRejected,
                $"{provider} does not allow this method on the endpoint ({code}): {message}", status, message),
            _ => ProviderHttpErrors.Map(response, timeProvider),
        };
    }

    /// <summary>The error text, with the markup of an HTML error page (405) stripped so it reads as a sentence.</summary>
    static string ReadableMessage(ProviderHttpResponse response)
    {
        var message = response.ErrorMessage();
        if (!message.TrimStart().StartsWith('<')) return message;
        var text = Whitespace().Replace(Tags().Replace(message, " "), " ").Trim();
        return text.Length == 0 ? message : text;
    }

    [GeneratedRegex(@"credit|balance|fund|billing|payment|top[ -]?up", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditWords();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
