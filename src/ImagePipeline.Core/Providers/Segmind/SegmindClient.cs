using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Http;
using ImagePipeline.Validation;
using Microsoft.Extensions.Logging;
using Polly.Registry;

namespace ImagePipeline.Providers.Segmind;

/// <summary>
/// Segmind's v2 queue API: <c>POST /v2/{model}</c> submits, <c>GET /v2/requests/{id}/status</c> polls and
/// <c>GET /v2/requests/{id}</c> reads the finished result. A FAILED job is served as HTTP 422 on both reads and is a
/// terminal job state, not a transport error; an unknown or expired id answers 404. No webhooks, no cancel.
/// </summary>
public sealed class SegmindClient : IImageProvider
{
    const string ApiKeyHeader = "x-api-key";
    const string Queued = "QUEUED";
    const string Processing = "PROCESSING";
    const string Completed = "COMPLETED";
    const string Failed = "FAILED";

    readonly SegmindClientOptions _options;
    readonly ProviderHttpTransport _transport;
    readonly ILogger<SegmindClient> _logger;

    public SegmindClient(HttpClient httpClient, SegmindClientOptions options, ResiliencePipelineProvider<string> pipelines,
        ILogger<SegmindClient> logger, TimeProvider? timeProvider = null, HttpClient? externalHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(logger);
        var time = timeProvider ?? TimeProvider.System;
        _options = options;
        _logger = logger;
        _transport = new ProviderHttpTransport(ProviderNames.Segmind, httpClient, pipelines,
            response => SegmindErrorMapper.Map(response, time), time, externalHttpClient);
    }

    public string Name => ProviderNames.Segmind;

    public ProviderCapabilities Capabilities => ProviderCapabilityTable.Segmind;

    public bool SupportsCallbacks => false;

    public async Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var apiKey = RequireApiKey();
        var generation = request.Request;
        if (generation.Image is { } image && !ProviderUrls.IsHttpUrl(image))
        {
            throw new ProviderException(Name, ProviderErrorCodes.InvalidInput,
                "Segmind takes the source image as a URL it downloads itself; a data URI cannot be sent.");
        }

        var body = new SegmindSubmitBody(generation.Prompt, generation.Image, generation.AspectRatio, generation.Style);
        var uri = Endpoint($"v2/{Uri.EscapeDataString(request.Model)}");
        var response = await _transport.SubmitAsync(() => CreateRequest(HttpMethod.Post, uri, apiKey, body), cancellationToken);

        SegmindSubmitReply reply;
        try
        {
            reply = response.ReadJson<SegmindSubmitReply>(ProviderJson.SnakeCase);
        }
        catch (ProviderException ex)
        {
            throw UntrackableSubmit(response, ex);
        }
        // Without these the job may run (and be billed) but cannot be followed, so it must not be re-sent either.
        if (string.IsNullOrWhiteSpace(reply.RequestId) || string.IsNullOrWhiteSpace(reply.StatusUrl) || string.IsNullOrWhiteSpace(reply.ResponseUrl))
            throw UntrackableSubmit(response, null);

        _logger.LogInformation("Submitted generation {GenerationId} to {Provider} model {Model} as job {JobId} ({ProviderStatus})",
            request.GenerationId, Name, request.Model, reply.RequestId, reply.Status);

        // The submit reply never carries outputs, so only a still-running state is worth handing back.
        var state = MapRunningState(reply.Status);
        var status = state is null ? null : new ProviderJobStatus { JobId = reply.RequestId, State = state.Value, ProviderStatus = reply.Status };
        return new ProviderSubmission(reply.RequestId, status);
    }

    public async Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var apiKey = RequireApiKey();
        var uri = Endpoint($"v2/requests/{Uri.EscapeDataString(job.JobId)}/status");
        var response = await _transport.QueryAsync(() => CreateRequest(HttpMethod.Get, uri, apiKey), cancellationToken, IsRecordReply);
        var reply = ReadRecord(response, job.JobId);

        if (IsFailure(response, reply)) return LogTerminal(Failure(job.JobId, reply));
        if (string.Equals(reply.Status, Completed, StringComparison.OrdinalIgnoreCase))
            return LogTerminal(await ReadResultAsync(job.JobId, apiKey, cancellationToken));

        _logger.LogDebug("{Provider} job {JobId} is {ProviderStatus}", Name, job.JobId, reply.Status);
        return Running(job.JobId, reply.Status);
    }

    /// <summary>Segmind cannot look a job up without the request_id its submit reply carried.</summary>
    public Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Segmind cannot find a job without its request_id; a submit of unknown outcome cannot be looked up.");

    /// <summary>Segmind sends no webhooks for model inference.</summary>
    public ProviderCallback ParseCallback(ReadOnlySpan<byte> body) =>
        throw new NotSupportedException("Segmind sends no webhooks for model inference.");

    public Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default) =>
        _transport.DownloadAsync(output, cancellationToken);

    /// <summary>Segmind has no cancel for queued inference.</summary>
    public Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default) => Task.FromResult(false);

    async Task<ProviderJobStatus> ReadResultAsync(string jobId, string apiKey, CancellationToken cancellationToken)
    {
        var uri = Endpoint($"v2/requests/{Uri.EscapeDataString(jobId)}");
        var response = await _transport.QueryAsync(() => CreateRequest(HttpMethod.Get, uri, apiKey), cancellationToken, IsRecordReply);
        var reply = ReadRecord(response, jobId);
        if (IsFailure(response, reply)) return Failure(jobId, reply);

        var outputs = ReadOutputs(jobId, reply);
        var completed = reply.Status is null || string.Equals(reply.Status, Completed, StringComparison.OrdinalIgnoreCase);
        if (completed && outputs.Count == 0)
        {
            throw new ProviderException(Name, ProviderErrorCodes.ProviderFailed,
                $"Segmind reported job {jobId} COMPLETED but its result carries no output.", response.StatusCode, response.Body);
        }
        // The status said COMPLETED but the result record may lag behind; poll again rather than fail.
        if (!completed) return Running(jobId, reply.Status);

        return new ProviderJobStatus
        {
            JobId = jobId,
            State = ProviderJobState.Succeeded,
            ProviderStatus = reply.Status ?? Completed,
            Progress = 1,
            Outputs = outputs,
            Cost = reply.Cost,
        };
    }

    static List<ProviderOutput> ReadOutputs(string jobId, SegmindRequestReply reply)
    {
        var outputs = new List<ProviderOutput>();
        // `images` (url, content_type, file_name, file_size) is optional; it names and types each output when present.
        if (reply.Images is { ValueKind: JsonValueKind.Array } images)
        {
            foreach (var image in images.EnumerateArray())
            {
                if (UrlOf(image) is not { } url) continue;
                var id = StringOf(image, "file_name") ?? OutputId(jobId, outputs.Count);
                outputs.Add(new ProviderOutput(url, id, StringOf(image, "content_type")));
            }
            if (outputs.Count > 0) return outputs;
        }

        // `output` is documented as the image URL; tolerate a list of URLs or of {url} objects as well.
        if (reply.Output is not { } output) return outputs;
        switch (output.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in output.EnumerateArray())
                {
                    if (UrlOf(item) is { } url) outputs.Add(new ProviderOutput(url, OutputId(jobId, outputs.Count)));
                }
                break;
            default:
                if (UrlOf(output) is { } single) outputs.Add(new ProviderOutput(single, OutputId(jobId, 0)));
                break;
        }
        return outputs;
    }

    static string? UrlOf(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.String when !string.IsNullOrWhiteSpace(item.GetString()) => item.GetString(),
        JsonValueKind.Object => StringOf(item, "url"),
        _ => null,
    };

    static string? StringOf(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    static string OutputId(string jobId, int index) => $"{jobId}-{index}";

    ProviderJobStatus Failure(string jobId, SegmindRequestReply reply)
    {
        var message = ErrorText(reply.Error) ?? "Segmind reported the request FAILED without a message.";
        // Content/RAI blocks surface as an ordinary FAILED; only the wording tells them apart.
        var code = ContentSafetyMessages.LooksLikeSafetyBlock(message, ContentSafetyWording.Segmind) ? ProviderErrorCodes.ContentBlocked : ProviderErrorCodes.ProviderFailed;
        return new ProviderJobStatus
        {
            JobId = jobId,
            State = ProviderJobState.Failed,
            ProviderStatus = reply.Status ?? Failed,
            Error = new ProviderError(code, message),
            Cost = reply.Cost,
        };
    }

    static string? ErrorText(JsonElement? error) => error switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Object } e when e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
        { ValueKind: JsonValueKind.Object or JsonValueKind.Array } e => e.GetRawText(),
        _ => null,
    };

    static ProviderJobStatus Running(string jobId, string? providerStatus) => new()
    {
        JobId = jobId,
        // Unknown status words count as still running; the workflow's deadline bounds the wait.
        State = MapRunningState(providerStatus) ?? ProviderJobState.Running,
        ProviderStatus = providerStatus,
    };

    static ProviderJobState? MapRunningState(string? status) => status?.ToUpperInvariant() switch
    {
        null or Queued => ProviderJobState.Queued,
        Processing => ProviderJobState.Running,
        Completed or Failed => null,
        _ => ProviderJobState.Running,
    };

    ProviderJobStatus LogTerminal(ProviderJobStatus status)
    {
        if (status.State.IsTerminal())
        {
            _logger.LogInformation("{Provider} job {JobId} ended {State} with {OutputCount} output(s), cost {Cost}; error {ErrorCode}: {ErrorMessage}",
                Name, status.JobId, status.State, status.Outputs.Count, status.Cost?.Usd, status.Error?.Code, status.Error?.Message);
        }
        return status;
    }

    /// <summary>422 is Segmind's FAILED record and 404 its missing/expired record: both are answers, not faults to retry.</summary>
    static bool IsRecordReply(HttpStatusCode status) => status is HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound;

    static bool IsFailure(ProviderHttpResponse response, SegmindRequestReply reply) =>
        response.StatusCode == HttpStatusCode.UnprocessableEntity || string.Equals(reply.Status, Failed, StringComparison.OrdinalIgnoreCase);

    SegmindRequestReply ReadRecord(ProviderHttpResponse response, string jobId)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var message = response.ErrorMessage();
            throw new ProviderResultExpiredException(Name,
                $"Segmind no longer knows job {jobId} (404: {message}); its record is kept for one hour.", HttpStatusCode.NotFound, message);
        }
        return response.ReadJson<SegmindRequestReply>(ProviderJson.SnakeCase);
    }

    SubmitOutcomeUnknownException UntrackableSubmit(ProviderHttpResponse response, Exception? inner) =>
        new(Name, $"Segmind answered {(int)response.StatusCode} to the submit without request_id, status_url and response_url; " +
            "the job may be running but cannot be followed, so it was not re-sent.", response.StatusCode, response.ErrorMessage(), inner);

    HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, string apiKey, SegmindSubmitBody? body = null)
    {
        var message = new HttpRequestMessage(method, uri);
        // Per request, never on DefaultRequestHeaders: the HttpClient is shared by every provider.
        message.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null) message.Content = JsonContent.Create(body, options: ProviderJson.SnakeCase);
        return message;
    }

    string RequireApiKey() => string.IsNullOrWhiteSpace(_options.ApiKey)
        ? throw new ProviderException(Name, ProviderErrorCodes.ProviderUnauthorized, "No Segmind API key is configured (Providers:Segmind:ApiKey).")
        : _options.ApiKey;

    Uri Endpoint(string relative) => ProviderUrls.Combine(_options.BaseUrl, relative);
}
