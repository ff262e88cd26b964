using System.Net;
using ImagePipeline.Providers.Http;

namespace ImagePipeline.Providers.Luma;

/// <summary>Luma's HTTP errors: 413 is an input image over 50 MB and 422 a refused parameter combination;
/// the rest (401, 402, 429 with Retry-After, 5xx) follow the common mapping.</summary>
internal static class LumaHttpErrors
{
    public static ProviderException Map(ProviderHttpResponse response, TimeProvider timeProvider)
    {
        var message = response.ErrorMessage();
        return response.StatusCode switch
        {
            HttpStatusCode.RequestEntityTooLarge => new ProviderException(response.Provider, ProviderErrorCodes.InvalidInput,
                $"Luma refused an input image over its 50 MB limit (413): {message}", response.StatusCode, message),
            HttpStatusCode.UnprocessableEntity => new ProviderException(response.Provider, ProviderErrorCodes.ProviderRejected,
                $"Luma refused the parameter combination (422): {message}", response.StatusCode, message),
            _ => ProviderHttpErrors.Map(response, timeProvider),
        };
    }
}
