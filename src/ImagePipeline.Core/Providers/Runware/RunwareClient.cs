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

namespace ImagePipeline.Providers.Runware;

/// <summary>
/// Runware's REST API: every call is a POST of a JSON array of tasks to one endpoint. An <c>imageInference</c> task
/// is sent with <c>deliveryMethod:"async"</c> and a taskUUID derived from the generation id
/// (<see cref="RunwareTaskIds"/>), so a submit of unknown fate can be looked up with <c>getResponse</c> instead of
/// being sent twice. Results arrive by polling or as one webhook POST per result. No cancel.
/// </summary>
public sealed class RunwareClient : IImageProvider
{
    const string ImageInference = "imageInference";
    const string GetResponse = "getResponse";
    const int MinPromptLength = 2;

    readonly RunwareClientOptions _options;
    readonly ProviderHttpTransport _transport;
    readonly ILogger<RunwareClient> _logger;
    readonly TimeProvider _timeProvider;

    public RunwareClient(HttpClient httpClient, RunwareClientOptions options, ResiliencePipelineProvider<string> pipelines,
        ILogger<RunwareClient> logger, TimeProvider? timeProvider = null, HttpClient? externalHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TimeToLiveSeconds, RunwareClientOptions.MinTimeToLiveSeconds, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _options = options;
        _logger = logger;
        _transport = new ProviderHttpTransport(ProviderNames.Runware, httpClient, pipelines,
            response => RunwareErrors.Map(response, _timeProvider), _timeProvider, externalHttpClient);
    }

    public string Name => ProviderNames.Runware;

    public ProviderCapabilities Capabilities => ProviderCapabilityTable.Runware;

    public bool SupportsCallbacks => true;

    public async Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = RequireApiKey();
        var taskUuid = TaskUuidOf(request);
        var json = new JsonArray(BuildImageInference(request, taskUuid)).ToJsonString();

        var response = await _transport.SubmitAsync(() => CreateRequest(json, authorization), cancellationToken);

        var reply = RunwareReply.TryParse(response.Body);
        if (reply is null)
        {
            // The task may well be running: we chose its id, so it can still be followed; it must not be re-sent.
            _logger.LogWarning("{Provider} accepted task {TaskUuid} ({StatusCode}) with a reply that is not JSON; following it by its id",
                Name, taskUuid, (int)response.StatusCode);
        }
        else if ((reply.ErrorsOf(taskUuid).FirstOrDefault() ?? reply.ItemsOf(taskUuid).Select(RunwareReply.ItemError).FirstOrDefault(e => e is not null)) is { } refused)
        {
            throw RunwareErrors.Refused(refused, response.StatusCode);
        }

        _logger.LogInformation("Submitted generation {GenerationId} to {Provider} model {Model} as task {TaskUuid} expecting {ExpectedOutputs} result(s), webhook {HasWebhook}",
            request.GenerationId, Name, request.Model, taskUuid, NumberResultsOf(request), request.CallbackUrl is not null);
        return new ProviderSubmission(taskUuid);
    }

    public async Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await GetResponseAsync(job.JobId, job.ExpectedOutputs, cancellationToken)
            ?? throw new ProviderResultExpiredException(Name,
                $"Runware no longer knows task {job.JobId}: its results expired (ttl) or it was never received.", HttpStatusCode.BadRequest);
    }

    /// <summary>Looks the derived taskUUID up with getResponse: null when Runware never received the task.</summary>
    public Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GetResponseAsync(TaskUuidOf(request), NumberResultsOf(request), cancellationToken);
    }

    /// <summary>Parses one webhook delivery: <c>{"data":[ONE result item]}</c> (or an error in either shape). A success
    /// delivery is Succeeded with that one output (id = imageUUID); the workflow merges deliveries by output id until it
    /// has numberResults of them, so duplicates and partial deliveries are harmless.</summary>
    public ProviderCallback ParseCallback(ReadOnlySpan<byte> body)
    {
        RunwareReply? reply;
        try
        {
            reply = RunwareReply.FromJson(JsonSerializer.Deserialize<JsonElement>(body));
        }
        catch (JsonException ex)
        {
            throw new ProviderException(Name, ProviderErrorCodes.ProviderRejected, "The Runware webhook body is not JSON.", innerException: ex);
        }

        var taskUuid = reply?.Data.Select(item => RunwareJson.StringOf(item, "taskUUID")).FirstOrDefault(id => id is not null)
            ?? reply?.Data.Select(RunwareReply.ItemError).FirstOrDefault(e => e?.TaskUuid is not null)?.TaskUuid
            ?? reply?.Errors.FirstOrDefault(e => e.TaskUuid is not null)?.TaskUuid;
        if (reply is null || taskUuid is null)
            throw new ProviderException(Name, ProviderErrorCodes.ProviderRejected, "The Runware webhook body carries no task result (data[].taskUUID or errors[].taskUUID).");

        var status = RunwareResults.ToStatus(reply, taskUuid, expectedOutputs: 1)
            ?? new ProviderJobStatus
            {
                JobId = taskUuid, State = ProviderJobState.Failed, ProviderStatus = RunwareReply.ErrorStatus,
                Error = new ProviderError(ProviderErrorCodes.ResultExpired, reply.Errors[0].Describe()),
            };
        _logger.LogDebug("{Provider} webhook for task {TaskUuid}: {State} with {OutputCount} output(s)", Name, taskUuid, status.State, status.Outputs.Count);
        return new ProviderCallback(taskUuid, status);
    }

    public Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default) =>
        _transport.DownloadAsync(output, cancellationToken);

    /// <summary>Runware has no cancel for an inference task.</summary>
    public Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default) => Task.FromResult(false);

    async Task<ProviderJobStatus?> GetResponseAsync(string taskUuid, int expectedOutputs, CancellationToken cancellationToken)
    {
        var authorization = RequireApiKey();
        var json = new JsonArray(new JsonObject { ["taskType"] = GetResponse, ["taskUUID"] = taskUuid }).ToJsonString();
        // getResponse only reads, so it goes through the retried query pipeline. 400/404 carry Runware's errors array
        // (an unknown task, or the task's own failure) and are read as data.
        var response = await _transport.QueryAsync(() => CreateRequest(json, authorization), cancellationToken,
            status => status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound);

        var reply = RunwareReply.TryParse(response.Body);
        if (reply is null)
        {
            if (!response.IsSuccess) throw RunwareErrors.Map(response, _timeProvider);
            throw new ProviderException(Name, ProviderErrorCodes.ProviderUnavailable,
                $"Runware answered getResponse ({(int)response.StatusCode}) with a body that is not its JSON reply.", response.StatusCode, response.ErrorMessage());
        }

        // An error about the getResponse call itself (not the task) is our request's fault, not the job's.
        if (reply.ErrorsOf(taskUuid).FirstOrDefault(e => string.Equals(e.TaskType, GetResponse, StringComparison.OrdinalIgnoreCase) && !e.IsUnknownTask) is { } queryError)
            throw RunwareErrors.Refused(queryError, response.StatusCode);
        if (!response.IsSuccess && reply.Errors.Count == 0 && !reply.Data.Any(item => RunwareReply.ItemError(item) is not null))
            throw RunwareErrors.Map(response, _timeProvider);

        var status = RunwareResults.ToStatus(reply, taskUuid, expectedOutputs);
        if (status is null)
        {
            _logger.LogDebug("{Provider} does not know task {TaskUuid}", Name, taskUuid);
        }
        else if (status.State.IsTerminal())
        {
            _logger.LogInformation("{Provider} task {TaskUuid} ended {State} with {OutputCount} output(s), cost {Cost}: {ErrorCode} {ErrorMessage}",
                Name, taskUuid, status.State, status.Outputs.Count, status.Cost?.Usd, status.Error?.Code, status.Error?.Message);
        }
        else
        {
            _logger.LogDebug("{Provider} task {TaskUuid} is {ProviderStatus} ({OutputCount}/{ExpectedOutputs})",
                Name, taskUuid, status.ProviderStatus, status.Outputs.Count, expectedOutputs);
        }
        return status;
    }

    JsonObject BuildImageInference(ProviderJobRequest request, string taskUuid)
    {
        var generation = request.Request;
        if (generation.Prompt.Length < MinPromptLength)
            throw Invalid("prompt", $"Runware needs a prompt (positivePrompt) of at least {MinPromptLength} characters.");
        if (!RunwareImageSizes.TryGet(generation.AspectRatio, out var size))
            throw Invalid("aspectRatio", $"Runware has no width×height for aspectRatio '{generation.AspectRatio}'. Use one of: {string.Join(", ", RunwareImageSizes.ByAspectRatio.Keys)}.");
        var isEdit = generation.Image is not null;
        // Checked by validation already; repeated here because Runware would refuse the task anyway.
        if (isEdit && generation.Style is not null) throw Invalid("style", "Runware does not allow settings.style together with a seed image (edit).");
        if (isEdit && generation.WebSearch == true) throw Invalid("webSearch", "Runware does not allow settings.search together with a seed image (edit).");

        var task = new JsonObject
        {
            ["taskType"] = ImageInference,
            ["taskUUID"] = taskUuid,
            ["model"] = request.Model,
            ["positivePrompt"] = generation.Prompt,
            ["width"] = size.Width,
            ["height"] = size.Height,
            ["outputType"] = "URL",
            ["numberResults"] = NumberResultsOf(request),
            ["deliveryMethod"] = "async",
            ["includeCost"] = true,
            ["ttl"] = _options.TimeToLiveSeconds,
        };

        // Runware takes URLs, data URIs and base64 directly: no upload step.
        var references = generation.ReferenceImages ?? [];
        if (isEdit || references.Count > 0)
        {
            var inputs = new JsonObject();
            if (isEdit) inputs["seedImage"] = generation.Image;
            if (references.Count > 0) inputs["referenceImages"] = new JsonArray([.. references.Select(r => (JsonNode?)r)]);
            task["inputs"] = inputs;
        }

        // Runware refuses any settings.style/search next to a seed image, even search:false (its default), so an
        // edit sends no settings at all.
        if (!isEdit && (generation.Style is not null || generation.WebSearch is not null))
        {
            var settings = new JsonObject();
            if (generation.Style is not null) settings["style"] = generation.Style;
            if (generation.WebSearch is not null) settings["search"] = generation.WebSearch.Value;
            task["settings"] = settings;
        }

        if (generation.OutputFormat is { } format) task["outputFormat"] = OutputFormatOf(format);
        if (generation.Seed is { } seed) task["seed"] = seed;
        if (request.CallbackUrl is { } callback) task["webhookURL"] = callback.AbsoluteUri;
        return task;
    }

    string OutputFormatOf(string format) => format.ToUpperInvariant() switch
    {
        "PNG" => "PNG",
        "JPEG" or "JPG" => "JPG",
        "WEBP" => "WEBP",
        _ => throw Invalid("outputFormat", $"Runware cannot produce outputFormat '{format}'. Use png, jpeg or webp."),
    };

    ProviderException Invalid(string field, string message) =>
        new(Name, ProviderErrorCodes.InvalidRequest, $"{field}: {message} Nothing was sent.");

    static string TaskUuidOf(ProviderJobRequest request) => RunwareTaskIds.FromGenerationId(request.GenerationId).ToString("D");

    static int NumberResultsOf(ProviderJobRequest request) => Math.Max(1, request.Request.NumberOfImages ?? 1);

    AuthenticationHeaderValue RequireApiKey()
    {
        if (string.IsNullOrWhiteSpace(_options.ApiKey))
        {
            throw new ProviderException(Name, ProviderErrorCodes.ProviderUnauthorized,
                "Runware needs an API key (Providers:Runware:ApiKey); nothing was sent.");
        }
        return new AuthenticationHeaderValue("Bearer", _options.ApiKey);
    }

    /// <summary>Auth is set per request: the HttpClient is shared with other providers.</summary>
    HttpRequestMessage CreateRequest(string json, AuthenticationHeaderValue authorization)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, _options.BaseUrl)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = authorization;
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return message;
    }
}
