using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Http;
using ImagePipeline.Validation;
using Microsoft.Extensions.Logging;
using Polly.Registry;

namespace ImagePipeline.Providers.GmiCloud;

/// <summary>
/// GMI Cloud's request queue: <c>POST /requests</c> submits (the reply may already be <c>success</c> with its outputs,
/// which is handed back as <see cref="ProviderSubmission.Status"/> so the workflow can skip polling) and
/// <c>GET /requests/{request_id}</c> polls. Status words beyond the documented ones count as still running.
/// No webhooks and no documented cancel.
/// </summary>
public sealed class GmiCloudClient : IImageProvider
{
    const string Queued = "queued";
    const string Dispatched = "dispatched";
    const string Processing = "processing";
    const string Success = "success";
    const string Failed = "failed";
    const string Cancelled = "cancelled";
    const string Canceled = "canceled";

    readonly GmiCloudClientOptions _options;
    readonly ProviderHttpTransport _transport;
    readonly ILogger<GmiCloudClient> _logger;

    public GmiCloudClient(HttpClient httpClient, GmiCloudClientOptions options, ResiliencePipelineProvider<string> pipelines,
        ILogger<GmiCloudClient> logger, TimeProvider? timeProvider = null, HttpClient? externalHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        // GMI Cloud documents no error codes of its own, so the common mapping (402 credits, 401/403 auth, 429, 5xx) applies.
        _transport = new ProviderHttpTransport(ProviderNames.GmiCloud, httpClient, pipelines, timeProvider: timeProvider, externalHttpClient: externalHttpClient);
    }

    public string Name => ProviderNames.GmiCloud;

    public ProviderCapabilities Capabilities => ProviderCapabilityTable.GmiCloud;

    public bool SupportsCallbacks => false;

    public async Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var apiKey = RequireApiKey();
        var generation = request.Request;
        if (generation.Image is { } image && !ProviderUrls.IsHttpUrl(image))
        {
            throw new ProviderException(Name, ProviderErrorCodes.InvalidInput,
                "GMI Cloud takes the source image as a URL it downloads itself (it has no upload API); a data URI cannot be sent.");
        }

        var body = new GmiCloudSubmitBody(request.Model, new GmiCloudPayload(generation.Prompt, generation.AspectRatio, generation.Image));
        var uri = Endpoint("requests");
        var response = await _transport.SubmitAsync(() => CreateRequest(HttpMethod.Post, uri, apiKey, body), cancellationToken);

        GmiCloudRequestReply reply;
        try
        {
            reply = response.ReadJson<GmiCloudRequestReply>(ProviderJson.SnakeCase);
        }
        catch (ProviderException ex)
        {
            throw UntrackableSubmit(response, ex);
        }
        if (string.IsNullOrWhiteSpace(reply.RequestId)) throw UntrackableSubmit(response, null);

        _logger.LogInformation("Submitted generation {GenerationId} to {Provider} model {Model} as job {JobId} ({ProviderStatus})",
            request.GenerationId, Name, request.Model, reply.RequestId, reply.Status);

        // A reply that already says success but has no outputs yet is not usable as a final answer: let the workflow poll.
        ProviderJobStatus? status = Normalise(reply.RequestId, reply, response, outputsRequired: false);
        if (status.State == ProviderJobState.Succeeded && status.Outputs.Count == 0) status = null;
        return new ProviderSubmission(reply.RequestId, status is null ? null : LogTerminal(status));
    }

    public async Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var apiKey = RequireApiKey();
        var uri = Endpoint($"requests/{Uri.EscapeDataString(job.JobId)}");
        // 404 is an answer (the record is gone), not a fault to retry.
        var response = await _transport.QueryAsync(() => CreateRequest(HttpMethod.Get, uri, apiKey), cancellationToken,
            status => status == HttpStatusCode.NotFound);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var message = response.ErrorMessage();
            throw new ProviderResultExpiredException(Name, $"GMI Cloud no longer knows job {job.JobId} (404: {message}).",
                HttpStatusCode.NotFound, message);
        }

        var reply = response.ReadJson<GmiCloudRequestReply>(ProviderJson.SnakeCase);
        var status = Normalise(job.JobId, reply, response, outputsRequired: true);
        if (!status.State.IsTerminal()) _logger.LogDebug("{Provider} job {JobId} is {ProviderStatus}", Name, job.JobId, reply.Status);
        return LogTerminal(status);
    }

    /// <summary>GMI Cloud cannot look a job up without the request_id its submit reply carried.</summary>
    public Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("GMI Cloud cannot find a job without its request_id; a submit of unknown outcome cannot be looked up.");

    /// <summary>GMI Cloud documents no webhooks.</summary>
    public ProviderCallback ParseCallback(ReadOnlySpan<byte> body) =>
        throw new NotSupportedException("GMI Cloud sends no webhooks.");

    public Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default) =>
        _transport.DownloadAsync(output, cancellationToken);

    /// <summary>GMI Cloud documents no cancel for queued requests.</summary>
    public Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default) => Task.FromResult(false);

    ProviderJobStatus Normalise(string jobId, GmiCloudRequestReply reply, ProviderHttpResponse response, bool outputsRequired)
    {
        var word = reply.Status?.Trim().ToLowerInvariant();
        switch (word)
        {
            case Success:
                var outputs = ReadOutputs(jobId, reply.Outcome);
                if (outputs.Count == 0 && outputsRequired)
                {
                    throw new ProviderException(Name, ProviderErrorCodes.ProviderFailed,
                        $"GMI Cloud reported job {jobId} success but its outcome carries no media_urls.", response.StatusCode, response.Body);
                }
                return new ProviderJobStatus { JobId = jobId, State = ProviderJobState.Succeeded, ProviderStatus = reply.Status, Progress = 1, Outputs = outputs };

            case Failed:
                var message = ErrorText(reply.Error) ?? ErrorText(OutcomeError(reply.Outcome)) ?? "GMI Cloud reported the request failed without a message.";
                var code = ContentSafetyMessages.LooksLikeSafetyBlock(message, ContentSafetyWording.GmiCloud) ? ProviderErrorCodes.ContentBlocked : ProviderErrorCodes.ProviderFailed;
                return new ProviderJobStatus { JobId = jobId, State = ProviderJobState.Failed, ProviderStatus = reply.Status, Error = new ProviderError(code, message) };

            case Cancelled or Canceled:
                return new ProviderJobStatus
                {
                    JobId = jobId,
                    State = ProviderJobState.Canceled,
                    ProviderStatus = reply.Status,
                    Error = new ProviderError(ProviderErrorCodes.Canceled, ErrorText(reply.Error) ?? "GMI Cloud reports the request cancelled."),
                };

            default:
                // queued, dispatched, processing, a missing status or a word we have never seen: still running.
                var state = word is null or Queued ? ProviderJobState.Queued : ProviderJobState.Running;
                return new ProviderJobStatus { JobId = jobId, State = state, ProviderStatus = reply.Status };
        }
    }

    static List<ProviderOutput> ReadOutputs(string jobId, JsonElement? outcome)
    {
        var outputs = new List<ProviderOutput>();
        if (outcome is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("media_urls", out var media) || media.ValueKind != JsonValueKind.Array)
        {
            return outputs;
        }

        // Documented as [{id, url}]; a plain list of URLs is tolerated too.
        foreach (var item in media.EnumerateArray())
        {
            var url = item.ValueKind == JsonValueKind.String ? item.GetString() : StringOf(item, "url");
            if (string.IsNullOrWhiteSpace(url)) continue;
            var id = StringOf(item, "id") ?? $"{jobId}-{outputs.Count}";
            outputs.Add(new ProviderOutput(url, id, StringOf(item, "content_type") ?? StringOf(item, "mime_type")));
        }
        return outputs;
    }

    static JsonElement? OutcomeError(JsonElement? outcome) =>
        outcome is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("error", out var error) ? error : null;

    static string? StringOf(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    static string? ErrorText(JsonElement? error) => error switch
    {
        { ValueKind: JsonValueKind.String } e when !string.IsNullOrWhiteSpace(e.GetString()) => e.GetString(),
        { ValueKind: JsonValueKind.Object } e when StringOf(e, "message") is { } message => message,
        { ValueKind: JsonValueKind.Object or JsonValueKind.Array } e => e.GetRawText(),
        _ => null,
    };

    ProviderJobStatus LogTerminal(ProviderJobStatus status)
    {
        if (status.State.IsTerminal())
        {
            _logger.LogInformation("{Provider} job {JobId} ended {State} with {OutputCount} output(s); error {ErrorCode}: {ErrorMessage}",
                Name, status.JobId, status.State, status.Outputs.Count, status.Error?.Code, status.Error?.Message);
        }
        return status;
    }

    SubmitOutcomeUnknownException UntrackableSubmit(ProviderHttpResponse response, Exception? inner) =>
        new(Name, $"GMI Cloud answered {(int)response.StatusCode} to the submit without a request_id; " +
            "the job may be running but cannot be followed, so it was not re-sent.", response.StatusCode, response.ErrorMessage(), inner);

    HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, string apiKey, GmiCloudSubmitBody? body = null)
    {
        var message = new HttpRequestMessage(method, uri);
        // Per request, never on DefaultRequestHeaders: the HttpClient is shared by every provider.
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) message.Content = JsonContent.Create(body, options: ProviderJson.SnakeCase);
        return message;
    }

    string RequireApiKey() => string.IsNullOrWhiteSpace(_options.ApiKey)
        ? throw new ProviderException(Name, ProviderErrorCodes.ProviderUnauthorized, "No GMI Cloud API key is configured (Providers:GmiCloud:ApiKey).")
        : _options.ApiKey;

    Uri Endpoint(string relative) => ProviderUrls.Combine(_options.BaseUrl, relative);
}
