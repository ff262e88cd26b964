using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Registry;
using Polly.Timeout;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Security;

namespace ImagePipeline.Providers.Http;

/// <summary>
/// The HTTP plumbing every provider client shares: sends through the registered resilience pipelines and turns
/// transport outcomes into typed <see cref="ProviderException"/>s. Safe reads are retried; a submit is sent once and,
/// when its fate is unknown (timeout, lost connection or 5xx after sending), fails with
/// <see cref="SubmitOutcomeUnknownException"/> instead of being re-sent. API calls go to the operator-configured base
/// URL through the trusted client; downloads of links the provider (or a caller) hands us go through the guarded one.
/// </summary>
public sealed class ProviderHttpTransport
{
    readonly string _provider;
    readonly HttpClient _httpClient;
    readonly HttpClient _externalHttpClient;
    readonly ResiliencePipeline _query;
    readonly ResiliencePipeline _download;
    readonly ResiliencePipeline _submit;
    readonly Func<ProviderHttpResponse, ProviderException> _mapError;
    readonly TimeProvider _timeProvider;

    /// <param name="mapError">Maps a non-success reply to the provider's typed error; <see cref="ProviderHttpErrors.Map"/> is the common mapping.</param>
    /// <param name="externalHttpClient">The <see cref="GuardedHttpClient"/> for output and input links; when null, a
    /// guarded client with the default (production) policy.</param>
    public ProviderHttpTransport(string provider, HttpClient httpClient, ResiliencePipelineProvider<string> pipelines,
        Func<ProviderHttpResponse, ProviderException>? mapError = null, TimeProvider? timeProvider = null, HttpClient? externalHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        _provider = provider;
        _httpClient = httpClient;
        _externalHttpClient = externalHttpClient ?? DefaultExternalHttpClient.Value;
        _query = pipelines.GetPipeline(ProviderPipelineKeys.Query);
        _download = pipelines.GetPipeline(ProviderPipelineKeys.Download);
        _submit = pipelines.GetPipeline(ProviderPipelineKeys.Submit);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _mapError = mapError ?? (response => ProviderHttpErrors.Map(response, _timeProvider));
    }

    public string Provider => _provider;

    /// <summary>Sends a submit once, on a fresh connection where the HttpClient has a <see cref="FreshConnectionHandler"/>
    /// (the registered one does). Returns a 2xx reply; throws a typed error otherwise.</summary>
    public async Task<ProviderHttpResponse> SubmitAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        try
        {
            return await _submit.ExecuteAsync(async token =>
            {
                ProviderHttpResponse response;
                try
                {
                    response = await SendAsync(() =>
                    {
                        var request = createRequest();
                        request.Options.Set(FreshConnectionHandler.Marker, true);
                        return request;
                    }, token);
                }
                catch (HttpRequestException ex) when (NeverConnected(ex))
                {
                    throw new ProviderNotReachedException(_provider, $"Could not connect to {_provider}; nothing was sent.", ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new SubmitOutcomeUnknownException(_provider,
                        $"The connection to {_provider} failed after the submit was sent; it may have been accepted, so it was not re-sent.",
                        innerException: ex);
                }

                if (response.IsSuccess) return response;
                if (response.StatusCode == HttpStatusCode.TooManyRequests) throw _mapError(response);
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
                {
                    throw new SubmitOutcomeUnknownException(_provider,
                        $"{_provider} answered {(int)response.StatusCode} to the submit; it may have been accepted, so it was not re-sent.",
                        response.StatusCode, response.ErrorMessage());
                }
                throw _mapError(response);
            }, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SubmitOutcomeUnknownException(_provider,
                $"{_provider} did not answer the submit in time; it may have been accepted, so it was not re-sent.", innerException: ex);
        }
    }

    /// <summary>Sends a safe request (GET, or a POST that only reads), retrying transient faults.
    /// <paramref name="isExpected"/> lets a client take a non-2xx reply as data (Segmind's 422 FAILED body).</summary>
    public async Task<ProviderHttpResponse> QueryAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken,
        Func<HttpStatusCode, bool>? isExpected = null)
    {
        return await RunSafeAsync(_query, async token =>
        {
            var response = await SendAsync(createRequest, token);
            if (response.IsSuccess || isExpected?.Invoke(response.StatusCode) == true) return response;
            throw _mapError(response);
        }, cancellationToken);
    }

    /// <summary>Streams one output the provider reported. Result links are presigned or public storage/CDN URLs, so
    /// no credentials are sent to them (storage would refuse, or log, a foreign Authorization header).</summary>
    public Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Uri.TryCreate(output.Url, UriKind.Absolute, out var url))
            throw new ProviderException(_provider, ProviderErrorCodes.ProviderFailed, $"{_provider} gave an output link that is not an absolute URL: {output.Url}");
        return DownloadAsync(url, cancellationToken);
    }

    /// <summary>Starts streaming a link through the guarded client. 403/404/410 on a result link mean it expired. A link
    /// the outbound policy refuses fails for good with "refused by policy"; one that cannot be reached says only that.</summary>
    /// <param name="subject">What the link is, for error messages ("A segmind output link" unless given).</param>
    public async Task<ProviderDownload> DownloadAsync(Uri url, CancellationToken cancellationToken, string? subject = null)
    {
        subject ??= $"A {_provider} output link";
        try
        {
            return await RunSafeAsync(_download, token => StartDownloadAsync(url, token), cancellationToken, unreachableSubject: subject);
        }
        catch (OutboundRequestRefusedException ex)
        {
            throw new ProviderException(_provider, ProviderErrorCodes.ProviderFailed, $"{subject} was {OutboundRequestRefusedException.PublicReason}.",
                innerException: ex);
        }
    }

    async ValueTask<ProviderDownload> StartDownloadAsync(Uri url, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var response = await _externalHttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        if (response.IsSuccessStatusCode)
        {
            var stream = await response.Content.ReadAsStreamAsync(token);
            return new ProviderDownload(stream, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentLength, response);
        }

        using (response)
        {
            var body = await ReadBodyAsync(response, token);
            var reply = new ProviderHttpResponse(_provider, response.StatusCode, body, response.Headers);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Gone)
            {
                throw new ProviderResultExpiredException(_provider,
                    $"The {_provider} output link answered {(int)response.StatusCode}: the result expired before it was copied.",
                    response.StatusCode, reply.ErrorMessage());
            }
            throw ProviderHttpErrors.Map(reply, _timeProvider);
        }
    }

    async Task<T> RunSafeAsync<T>(ResiliencePipeline pipeline, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken,
        string? unreachableSubject = null)
    {
        try
        {
            return await pipeline.ExecuteAsync(call, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ProviderException(_provider, ProviderErrorCodes.ProviderUnavailable, $"{_provider} did not answer in time.",
                isTransient: true, innerException: ex);
        }
        catch (HttpRequestException ex) when (unreachableSubject is not null)
        {
            // The socket error would tell a caller whether an address behind the link answers.
            throw new ProviderException(_provider, ProviderErrorCodes.ProviderUnavailable, $"{unreachableSubject} was unreachable.",
                isTransient: true, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException(_provider, ProviderErrorCodes.ProviderUnavailable, $"{_provider} could not be reached: {ex.Message}",
                ex.StatusCode, isTransient: true, innerException: ex);
        }
    }

    async Task<ProviderHttpResponse> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken token)
    {
        using var request = createRequest();
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
        var body = await ReadBodyAsync(response, token);
        return new ProviderHttpResponse(_provider, response.StatusCode, body, response.Headers);
    }

    /// <summary>One guarded client with the default policy for transports built without one (never private addresses).</summary>
    static readonly Lazy<HttpClient> DefaultExternalHttpClient = new(() => GuardedHttpClient.Create(new SecurityOptions()));

    static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken token) =>
        await response.Content.ReadAsStringAsync(token);

    static bool NeverConnected(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        && ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable };
}
