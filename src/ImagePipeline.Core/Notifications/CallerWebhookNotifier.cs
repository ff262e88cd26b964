using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImagePipeline.Diagnostics;
using ImagePipeline.Security;
using ImagePipeline.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ImagePipeline.Notifications;

/// <summary>
/// Delivers a caller's webhook, signed the Standard Webhooks way. Every attempt carries the same <c>webhook-id</c> and a
/// fresh timestamp and signature. Timeouts, connection failures, 408, 429 and 5xx are retried with jittered exponential
/// backoff (honouring <c>Retry-After</c>); other answers are final. The retry pipeline is built once, here.
/// Deliveries go through the <see cref="GuardedHttpClient"/>: a callback URL on a non-public address is refused once,
/// never retried, and the recorded error says only "refused by policy" or "unreachable", never why or where.
/// </summary>
public sealed class CallerWebhookNotifier : ICallerWebhookNotifier
{
    /// <summary>The named <see cref="HttpClient"/>: the guarded one every caller-supplied URL goes through.</summary>
    public const string HttpClientName = GuardedHttpClient.Name;

    public const string RefusedError = "The callback URL was " + OutboundRequestRefusedException.PublicReason + ".";
    public const string UnreachableError = "The callback was unreachable.";

    readonly IHttpClientFactory _httpClientFactory;
    readonly StandardWebhookSigner _signer;
    readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    readonly TimeProvider _timeProvider;
    readonly TimeSpan _attemptTimeout;
    readonly ILogger _logger;

    public CallerWebhookNotifier(
        IHttpClientFactory httpClientFactory,
        IOptions<CallerWebhookOptions> options,
        ILogger<CallerWebhookNotifier>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        if (string.IsNullOrEmpty(value.Secret)) throw new InvalidOperationException("Notifications:WebhookSecret is required.");
        ArgumentOutOfRangeException.ThrowIfLessThan(value.MaxAttempts, 1, nameof(options));

        _httpClientFactory = httpClientFactory;
        _signer = new StandardWebhookSigner(value.Secret);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _attemptTimeout = value.AttemptTimeout;
        _logger = logger ?? NullLogger<CallerWebhookNotifier>.Instance;
        _pipeline = BuildPipeline(value);
        if (value.Secret == CallerWebhookOptions.DevelopmentSecret)
        {
            _logger.LogWarning("Caller webhooks are signed with the public development secret; set {Setting} before going live", "Notifications__WebhookSecret");
        }
    }

    public async Task<WebhookDeliveryResult> NotifyAsync(Uri callbackUrl, string messageId, object payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callbackUrl);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentNullException.ThrowIfNull(payload);
        if (!callbackUrl.IsAbsoluteUri || (callbackUrl.Scheme != Uri.UriSchemeHttps && callbackUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("A callback URL must be an absolute http(s) URL.", nameof(callbackUrl));
        }

        // Serialised once: the signature covers exactly the bytes every attempt sends.
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), WorkflowJson.Options);
        var delivery = new Delivery(this, _httpClientFactory.CreateClient(HttpClientName), callbackUrl, messageId, body);
        using var activity = NotificationTelemetry.ActivitySource.StartActivity(NotificationTelemetry.DeliveryActivity, ActivityKind.Internal);
        activity?.SetTag(NotificationTelemetry.MessageIdTag, messageId);
        string error;
        string outcome;
        try
        {
            using var response = await _pipeline.ExecuteAsync(static (delivery, token) => delivery.SendAsync(token), delivery, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                _logger.LogInformation("Webhook {MessageId} delivered to {CallbackHost} after {Attempts} attempt(s)", messageId, callbackUrl.Authority, delivery.Attempts);
                return Ended(activity, new WebhookDeliveryResult(true, delivery.Attempts, delivery.LastStatusCode, null), NotificationTelemetry.Delivered);
            }
            error = string.Create(CultureInfo.InvariantCulture, $"The callback answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            outcome = NotificationTelemetry.Rejected;
        }
        catch (TimeoutRejectedException)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"The callback did not answer within {_attemptTimeout}.");
            outcome = NotificationTelemetry.TimedOut;
        }
        catch (OutboundRequestRefusedException e)
        {
            // The detail (which address, why) is for the operator only: told to a caller it would map the internal network.
            _logger.LogWarning("Webhook {MessageId} to {CallbackHost} refused by the outbound policy: {Reason}", messageId, callbackUrl.Authority, e.Message);
            error = RefusedError;
            outcome = NotificationTelemetry.Refused;
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning(e, "Webhook {MessageId} to {CallbackHost} could not be sent", messageId, callbackUrl.Authority);
            error = UnreachableError;
            outcome = NotificationTelemetry.Unreachable;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = "The request to the callback was cancelled.";
            outcome = NotificationTelemetry.TimedOut;
        }

        _logger.LogWarning("Webhook {MessageId} to {CallbackHost} was not delivered after {Attempts} attempt(s): {Error}", messageId, callbackUrl.Authority, delivery.Attempts, error);
        activity?.SetStatus(ActivityStatusCode.Error, error);
        return Ended(activity, new WebhookDeliveryResult(false, delivery.Attempts, delivery.LastStatusCode, error), outcome);
    }

    /// <summary>Tags the delivery's activity and counts it (<see cref="PipelineMetrics.WebhookDeliveries"/>) by outcome.</summary>
    static WebhookDeliveryResult Ended(Activity? activity, WebhookDeliveryResult result, string outcome)
    {
        activity?.SetTag(PipelineTelemetry.OutcomeTag, outcome);
        activity?.SetTag(PipelineTelemetry.AttemptTag, result.Attempts);
        if (result.LastStatusCode is { } statusCode) activity?.SetTag(PipelineTelemetry.StatusCodeTag, statusCode);
        PipelineMetrics.WebhookDeliveries.Add(1, PipelineMetrics.Tag(PipelineTelemetry.OutcomeTag, outcome));
        return result;
    }

    ResiliencePipeline<HttpResponseMessage> BuildPipeline(CallerWebhookOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (options.MaxAttempts > 1)
        {
            var maxDelay = options.MaxRetryDelay;
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                MaxDelay = maxDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsWorthRetrying(response.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Result, maxDelay)),
                OnRetry = args =>
                {
                    _logger.LogWarning("Webhook attempt {Attempt} failed ({Reason}); retrying in {Delay}",
                        args.AttemptNumber + 1,
                        args.Outcome.Exception?.GetType().Name ?? ((int?)args.Outcome.Result?.StatusCode)?.ToString(CultureInfo.InvariantCulture),
                        args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    // 408/429 and server errors may pass; any other answer (4xx, 3xx: redirects are not followed) will not change by asking again.
    static bool IsWorthRetrying(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    TimeSpan? RetryAfterOf(HttpResponseMessage? response, TimeSpan maxDelay)
    {
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter is null) return null;
        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - _timeProvider.GetUtcNow() : TimeSpan.Zero);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > maxDelay ? maxDelay : wait;
    }

    /// <summary>One message's attempts: what they send, and what the last one got.</summary>
    sealed class Delivery(CallerWebhookNotifier notifier, HttpClient client, Uri url, string messageId, byte[] body)
    {
        public int Attempts { get; private set; }

        public int? LastStatusCode { get; private set; }

        public async ValueTask<HttpResponseMessage> SendAsync(CancellationToken cancellationToken)
        {
            Attempts++;
            LastStatusCode = null;
            using var activity = NotificationTelemetry.ActivitySource.StartActivity(NotificationTelemetry.AttemptActivity, ActivityKind.Internal);
            activity?.SetTag(PipelineTelemetry.AttemptTag, Attempts);
            // The timestamp is the attempt's (the spec's replay protection), so each attempt is signed anew.
            var timestamp = notifier._timeProvider.GetUtcNow();
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
            };
            request.Headers.TryAddWithoutValidation(StandardWebhookHeaders.Id, messageId);
            request.Headers.TryAddWithoutValidation(StandardWebhookHeaders.Timestamp, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(StandardWebhookHeaders.Signature, notifier._signer.Sign(messageId, timestamp, body));
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            LastStatusCode = (int)response.StatusCode;
            activity?.SetTag(PipelineTelemetry.StatusCodeTag, LastStatusCode);
            if (!response.IsSuccessStatusCode) activity?.SetStatus(ActivityStatusCode.Error);
            return response;
        }
    }
}
