using System.Net;
using System.Net.Http.Headers;

namespace ImagePipeline.Security;

/// <summary>
/// The request side of the guard (the address side is <see cref="GuardedConnector"/>): refuses a scheme the policy does
/// not allow, follows a bounded number of redirects for GET/HEAD and re-checks each hop (never https to http), and
/// bounds the response body in size and the whole exchange in time. Refusals surface as
/// <see cref="OutboundRequestRefusedException"/>, not wrapped in <see cref="HttpRequestException"/>, so callers can
/// tell "refused by policy" from "unreachable" and retry only the latter.
/// </summary>
internal sealed class OutboundRequestGuardHandler(SecurityOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Owned by the response body once it is returned; it bounds reading the body too.
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await SendFollowingRedirectsAsync(request, deadline.Token);
            if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
                throw new OutboundRequestRefusedException($"The response announces {response.Content.Headers.ContentLength} bytes, more than {options.MaxResponseBytes}.");

            var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            response.Content = Rewrap(response.Content, new BoundedResponseStream(body, options.MaxResponseBytes, deadline));
            return response;
        }
        catch (Exception ex)
        {
            response?.Dispose();
            deadline.Dispose();
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                throw new HttpRequestException(HttpRequestError.Unknown, "The request did not complete in time.", new TimeoutException(ex.Message, ex));
            throw;
        }
    }

    async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = request;
        for (var hop = 0; ; hop++)
        {
            var url = current.RequestUri ?? throw new InvalidOperationException("The request has no URL.");
            if (OutboundUrlPolicy.CheckScheme(url, options.AllowPrivateNetworkFetches) is { } problem)
                throw new OutboundRequestRefusedException($"{url.Scheme}://{url.Authority} is {problem}.");

            var response = await SendCheckedAsync(current, cancellationToken);
            if (!IsRedirect(response.StatusCode) || (current.Method != HttpMethod.Get && current.Method != HttpMethod.Head)
                || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            if (hop >= options.MaxRedirects) throw new OutboundRequestRefusedException($"More than {options.MaxRedirects} redirects.");
            var next = location.IsAbsoluteUri ? location : new Uri(url, location);
            if (url.Scheme == Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttps)
                throw new OutboundRequestRefusedException($"A redirect from https to {next.Scheme}.");
            // A fresh GET without the original headers: nothing meant for the first host follows the redirect.
            current = new HttpRequestMessage(current.Method, next);
        }
    }

    async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is OutboundRequestRefusedException refused)
        {
            throw new OutboundRequestRefusedException(refused.Message, ex);
        }
    }

    static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    static StreamContent Rewrap(HttpContent original, Stream body)
    {
        var content = new StreamContent(body);
        foreach (var (name, values) in original.Headers) content.Headers.TryAddWithoutValidation(name, values);
        return content;
    }
}
