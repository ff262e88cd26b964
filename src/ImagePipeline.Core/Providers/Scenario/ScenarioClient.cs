using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Http;
using ImagePipeline.Validation;
using Microsoft.Extensions.Logging;
using Polly.Registry;

namespace ImagePipeline.Providers.Scenario;

/// <summary>
/// Scenario's REST API. Images are referenced by asset id, so every input image is uploaded first
/// (<c>POST /assets</c>), then <c>POST /generate/custom/{modelId}</c> starts the job, <c>GET /jobs/{jobId}</c> polls it
/// and <c>GET /assets/{assetId}</c> resolves each output's temporary URL. No webhooks; no documented cancel route.
/// </summary>
public sealed class ScenarioClient : IImageProvider
{
    /// <summary>Scenario takes assets "under 6 MB" without saying MB or MiB; 6,000,000 raw bytes is the safe reading.</summary>
    public const long MaxAssetBytes = 6_000_000;

    const string WarmingUp = "warming-up";
    const string Queued = "queued";
    const string InProgress = "in-progress";
    const string Success = "success";
    const string Failure = "failure";
    const string Canceled = "canceled";

    readonly ScenarioClientOptions _options;
    readonly ProviderHttpTransport _transport;
    readonly ScenarioInputReader _inputs;
    readonly ILogger<ScenarioClient> _logger;

    public ScenarioClient(HttpClient httpClient, ScenarioClientOptions options, ResiliencePipelineProvider<string> pipelines,
        ILogger<ScenarioClient> logger, TimeProvider? timeProvider = null, HttpClient? externalHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(logger);
        var time = timeProvider ?? TimeProvider.System;
        _options = options;
        _logger = logger;
        _transport = new ProviderHttpTransport(ProviderNames.Scenario, httpClient, pipelines,
            response => ScenarioErrors.Map(response, time), time, externalHttpClient);
        _inputs = new ScenarioInputReader(_transport, MaxAssetBytes);
    }

    public string Name => ProviderNames.Scenario;

    public ProviderCapabilities Capabilities => ProviderCapabilityTable.Scenario;

    public bool SupportsCallbacks => false;

    public async Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = RequireCredentials();
        var generation = request.Request;

        // Every input is read (and size-checked) before anything is uploaded, so a bad reference refuses the
        // request without leaving assets behind.
        var source = generation.Image is { } image ? await _inputs.ReadAsync("image", image, cancellationToken) : null;
        var references = new List<ScenarioInputImage>();
        var referenceImages = generation.ReferenceImages ?? [];
        for (var i = 0; i < referenceImages.Count; i++)
            references.Add(await _inputs.ReadAsync($"referenceImages[{i}]", referenceImages[i], cancellationToken));

        var sourceAssetId = source is null ? null : await UploadAssetAsync(source, "source", authorization, cancellationToken);
        var referenceAssetIds = new List<string>(references.Count);
        for (var i = 0; i < references.Count; i++)
            referenceAssetIds.Add(await UploadAssetAsync(references[i], $"reference-{i + 1}", authorization, cancellationToken));

        var body = new JsonObject { ["prompt"] = generation.Prompt };
        if (sourceAssetId is not null) body["source"] = sourceAssetId;
        if (referenceAssetIds.Count > 0) body["imageRef"] = new JsonArray([.. referenceAssetIds.Select(id => (JsonNode?)id)]);
        if (generation.AspectRatio is not null) body["aspectRatio"] = generation.AspectRatio;
        if (generation.OutputFormat is not null) body["outputFormat"] = generation.OutputFormat;
        if (generation.WebSearch is not null) body["webSearch"] = generation.WebSearch.Value;
        var json = body.ToJsonString();

        var uri = Endpoint($"generate/custom/{Uri.EscapeDataString(request.Model)}");
        var response = await _transport.SubmitAsync(() => CreateRequest(HttpMethod.Post, uri, authorization, json), cancellationToken);

        JsonElement job;
        string? jobId;
        try
        {
            job = ReadJob(response);
            jobId = StringOf(job, "jobId");
        }
        catch (ProviderException ex)
        {
            throw UntrackableSubmit(response, ex);
        }
        // Without a job id the job may run (and be billed) but cannot be followed, so it must not be re-sent either.
        if (jobId is null) throw UntrackableSubmit(response, null);

        var providerStatus = StringOf(job, "status");
        _logger.LogInformation("Submitted generation {GenerationId} to {Provider} model {Model} as job {JobId} ({ProviderStatus}) with {AssetCount} uploaded asset(s)",
            request.GenerationId, Name, request.Model, jobId, providerStatus, referenceAssetIds.Count + (sourceAssetId is null ? 0 : 1));

        // The submit reply never carries output URLs, so only a still-running state is worth handing back.
        var state = MapState(providerStatus);
        var status = state is ProviderJobState.Queued or ProviderJobState.Running
            ? new ProviderJobStatus { JobId = jobId, State = state, ProviderStatus = providerStatus }
            : null;
        return new ProviderSubmission(jobId, status);
    }

    public async Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var authorization = RequireCredentials();
        var uri = Endpoint($"jobs/{Uri.EscapeDataString(job.JobId)}");
        var response = await _transport.QueryAsync(() => CreateRequest(HttpMethod.Get, uri, authorization), cancellationToken, IsNotFound);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ProviderResultExpiredException(Name, $"Scenario no longer knows job {job.JobId}: it expired or never existed.",
                response.StatusCode, ScenarioErrors.MessageOf(response));
        }

        var record = ReadJob(response);
        var providerStatus = StringOf(record, "status")
            ?? throw Malformed(response, "a job status");
        var progress = ProgressOf(record);
        var state = MapState(providerStatus);
        switch (state)
        {
            case ProviderJobState.Succeeded:
                return LogTerminal(await ReadOutputsAsync(job.JobId, record, authorization, cancellationToken));
            case ProviderJobState.Failed:
                return LogTerminal(FailureOf(job.JobId, providerStatus, record));
            case ProviderJobState.Canceled:
                return LogTerminal(new ProviderJobStatus
                {
                    JobId = job.JobId, State = ProviderJobState.Canceled, ProviderStatus = providerStatus, Progress = progress,
                    Error = new ProviderError(ProviderErrorCodes.Canceled, "Scenario reports the job was canceled."),
                });
            default:
                if (!IsKnownRunningStatus(providerStatus))
                    _logger.LogDebug("{Provider} job {JobId} has unknown status {ProviderStatus}; treating it as still running", Name, job.JobId, providerStatus);
                else
                    _logger.LogDebug("{Provider} job {JobId} is {ProviderStatus}", Name, job.JobId, providerStatus);
                return new ProviderJobStatus { JobId = job.JobId, State = state, ProviderStatus = providerStatus, Progress = progress };
        }
    }

    /// <summary>Scenario cannot look a job up without the jobId its submit reply carried.</summary>
    public Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Scenario cannot find a job without its jobId; a submit of unknown outcome cannot be looked up.");

    /// <summary>Scenario documents no webhooks.</summary>
    public ProviderCallback ParseCallback(ReadOnlySpan<byte> body) =>
        throw new NotSupportedException("Scenario sends no webhooks.");

    public Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default) =>
        _transport.DownloadAsync(output, cancellationToken);

    /// <summary>Most Scenario generation jobs cannot be canceled and its public REST reference documents no cancel
    /// route (only its MCP tools offer one), so nothing is sent.</summary>
    public Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default) => Task.FromResult(false);

    async Task<string> UploadAssetAsync(ScenarioInputImage image, string name, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        var json = new JsonObject
        {
            ["image"] = Convert.ToBase64String(image.Content),
            ["name"] = $"{name}.{image.FileExtension}",
        }.ToJsonString();
        var uri = Endpoint("assets");
        // An upload creates an asset, so it is not strictly safe to repeat; but a duplicate only leaves an orphan
        // asset, which is harmless and not billed as a generation, so it is retried like a read.
        var response = await _transport.QueryAsync(() => CreateRequest(HttpMethod.Post, uri, authorization, json), cancellationToken);
        var root = ReadRoot(response);
        var assetId = root.TryGetProperty("asset", out var asset) ? StringOf(asset, "id") : null;
        if (assetId is null) throw Malformed(response, "an asset id");
        _logger.LogDebug("Uploaded {AssetName} ({Bytes} bytes) to {Provider} as asset {AssetId}", name, image.Content.Length, Name, assetId);
        return assetId;
    }

    async Task<ProviderJobStatus> ReadOutputsAsync(string jobId, JsonElement record, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        var assetIds = new List<string>();
        if (record.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("assetIds", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            assetIds.AddRange(ids.EnumerateArray().Where(id => id.ValueKind == JsonValueKind.String).Select(id => id.GetString()!).Distinct(StringComparer.Ordinal));
        }
        if (assetIds.Count == 0)
        {
            return new ProviderJobStatus
            {
                JobId = jobId, State = ProviderJobState.Failed, ProviderStatus = Success,
                Error = new ProviderError(ProviderErrorCodes.ProviderFailed, "Scenario reported success but named no output asset."),
            };
        }

        var outputs = new List<ProviderOutput>(assetIds.Count);
        foreach (var assetId in assetIds)
        {
            var uri = Endpoint($"assets/{Uri.EscapeDataString(assetId)}");
            var response = await _transport.QueryAsync(() => CreateRequest(HttpMethod.Get, uri, authorization), cancellationToken, IsNotFound);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ProviderResultExpiredException(Name, $"Scenario output asset {assetId} of job {jobId} is gone.",
                    response.StatusCode, ScenarioErrors.MessageOf(response));
            }
            var root = ReadRoot(response);
            var asset = root.TryGetProperty("asset", out var value) && value.ValueKind == JsonValueKind.Object ? value : throw Malformed(response, "an asset");
            var url = StringOf(asset, "url") ?? throw Malformed(response, "an asset url");
            outputs.Add(new ProviderOutput(url, assetId, StringOf(asset, "mimeType")));
        }

        return new ProviderJobStatus { JobId = jobId, State = ProviderJobState.Succeeded, ProviderStatus = Success, Progress = 1, Outputs = outputs };
    }

    ProviderJobStatus FailureOf(string jobId, string providerStatus, JsonElement record)
    {
        string? message = null;
        if (record.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("error", out var error))
        {
            message = error.ValueKind switch
            {
                JsonValueKind.String => error.GetString(),
                JsonValueKind.Object => StringOf(error, "message") ?? StringOf(error, "reason") ?? error.GetRawText(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => error.GetRawText(),
            };
        }
        message = string.IsNullOrWhiteSpace(message) ? "Scenario reported the job failed without a reason." : message;
        var code = ContentSafetyMessages.LooksLikeSafetyBlock(message, ContentSafetyWording.Scenario) ? ProviderErrorCodes.ContentBlocked : ProviderErrorCodes.ProviderFailed;
        return new ProviderJobStatus
        {
            JobId = jobId, State = ProviderJobState.Failed, ProviderStatus = providerStatus, Progress = ProgressOf(record),
            Error = new ProviderError(code, message),
        };
    }

    /// <summary>Any word Scenario has not documented counts as still running: its own plugin once waited for
    /// "failed" (the real word is "failure") and looped forever; the workflow's deadline bounds the wait instead.</summary>
    static ProviderJobState MapState(string? status) => status?.ToLowerInvariant() switch
    {
        WarmingUp or Queued => ProviderJobState.Queued,
        Success => ProviderJobState.Succeeded,
        Failure => ProviderJobState.Failed,
        Canceled or "cancelled" => ProviderJobState.Canceled,
        _ => ProviderJobState.Running,
    };

    static bool IsKnownRunningStatus(string status) =>
        status.ToLowerInvariant() is WarmingUp or Queued or InProgress;

    static double? ProgressOf(JsonElement record) =>
        record.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Number && progress.TryGetDouble(out var value)
            ? Math.Clamp(value, 0, 1)
            : null;

    ProviderJobStatus LogTerminal(ProviderJobStatus status)
    {
        if (status.State == ProviderJobState.Succeeded)
        {
            _logger.LogInformation("{Provider} job {JobId} succeeded with {OutputCount} output(s)", Name, status.JobId, status.Outputs.Count);
        }
        else
        {
            _logger.LogInformation("{Provider} job {JobId} ended {State} ({ProviderStatus}): {ErrorCode} {ErrorMessage}",
                Name, status.JobId, status.State, status.ProviderStatus, status.Error?.Code, status.Error?.Message);
        }
        return status;
    }

    JsonElement ReadJob(ProviderHttpResponse response)
    {
        var root = ReadRoot(response);
        return root.TryGetProperty("job", out var job) && job.ValueKind == JsonValueKind.Object ? job : throw Malformed(response, "a job");
    }

    JsonElement ReadRoot(ProviderHttpResponse response)
    {
        var root = response.ReadJson<JsonElement>();
        return root.ValueKind == JsonValueKind.Object ? root : throw Malformed(response, "a JSON object");
    }

    ProviderException Malformed(ProviderHttpResponse response, string what) =>
        new(Name, ProviderErrorCodes.ProviderUnavailable, $"Scenario answered {(int)response.StatusCode} without {what}.",
            response.StatusCode, response.Body.Length <= 500 ? response.Body : response.Body[..500] + "…");

    SubmitOutcomeUnknownException UntrackableSubmit(ProviderHttpResponse response, Exception? inner) =>
        new(Name, $"Scenario accepted the submit ({(int)response.StatusCode}) but its reply carries no job id; the job may be running, so it was not re-sent.",
            response.StatusCode, response.Body.Length <= 500 ? response.Body : response.Body[..500] + "…", inner);

    static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    static bool IsNotFound(HttpStatusCode status) => status == HttpStatusCode.NotFound;

    AuthenticationHeaderValue RequireCredentials()
    {
        if (string.IsNullOrWhiteSpace(_options.ApiKey) || string.IsNullOrWhiteSpace(_options.ApiSecret))
        {
            throw new ProviderException(Name, ProviderErrorCodes.ProviderUnauthorized,
                "Scenario needs an API key and secret (Providers:Scenario:ApiKey and ApiSecret); nothing was sent.");
        }
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.ApiKey}:{_options.ApiSecret}")));
    }

    Uri Endpoint(string relative) => ProviderUrls.Combine(_options.BaseUrl, relative);

    /// <summary>Auth is set per request: the HttpClient is shared with other providers.</summary>
    static HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, AuthenticationHeaderValue authorization, string? json = null)
    {
        var message = new HttpRequestMessage(method, uri);
        message.Headers.Authorization = authorization;
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (json is not null) message.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return message;
    }
}
