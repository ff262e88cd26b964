using System.Net;

namespace ImagePipeline.Providers;

/// <summary>429: the provider asks us to wait. <see cref="RetryAfter"/> comes from Retry-After or the provider's
/// own reset header (Segmind <c>x-rate-limit-reset-at-utc</c>); a rate-limited call was refused, so even a submit may be re-sent.</summary>
public sealed class ProviderRateLimitedException(string provider, string message, TimeSpan? retryAfter, string? providerMessage = null)
    : ProviderException(provider, ProviderErrorCodes.RateLimited, message, HttpStatusCode.TooManyRequests, providerMessage, isTransient: true)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public override ProviderError ToError() => base.ToError() with { RetryAfter = RetryAfter };
}
