using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Http;
using ImagePipeline.Validation;
using Microsoft.Extensions.Logging;
using Polly.Registry;

namespace ImagePipeline.Providers.Luma;

/// <summary>
/// Luma first party, one client for both of its APIs, routed by model: Uni-1 models go to the Agents API
/// (<c>POST /generations</c>, polled, no callbacks), Photon models to Dream Machine (<c>POST /generations/image</c>,
/// polled or reported through <c>callback_url</c>, cancellable). <see cref="ProviderJobHandle.Model"/> tells the later
/// calls which API a job lives on.
/// </summary>
public sealed class LumaClient : IImageProvider
{
    readonly LumaClientOptions _options;
    readonly ProviderHttpTransport _transport;
    readonly ILogger<LumaClient> _logger;

    public LumaClient(HttpClient httpClient, LumaClientOptions options, ResiliencePipelineProvider<string> pipelines,
        ILogger<LumaClient> logger, TimeProvider? timeProvider = null, HttpClient? externalHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipelines);
        ArgumentNullException.ThrowIfNull(logger);
        var time = timeProvider ?? TimeProvider.System;
        _options = options;
        _logger = logger;
        _transport = new ProviderHttpTransport(ProviderNames.Luma, httpClient, pipelines, response => LumaHttpErrors.Map(response, time), time, externalHttpClient);
    }

    public string Name => ProviderNames.Luma;

    public ProviderCapabilities Capabilities => ProviderCapabilityTable.Luma;

    /// <summary>True for Photon (Dream Machine) jobs; the Agents API has no callbacks, so the callback URL is ignored for Uni-1.</summary>
    public bool SupportsCallbacks => true;

    public async Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dreamMachine = LumaModels.IsDreamMachine(request.Model);
        Uri url;
        object body;
        if (dreamMachine)
        {
            url = ProviderUrls.Combine(_options.DreamMachineBaseUrl, "generations/image");
            body = DreamMachineImageRequest.From(request, _options);
        }
        else
        {
            if (request.CallbackUrl is not null)
                _logger.LogDebug("Luma {Model} runs on the Agents API, which has no callbacks; {GenerationId} will be polled", request.Model, request.GenerationId);
            url = ProviderUrls.Combine(_options.AgentsBaseUrl, "generations");
            body = AgentsGenerationRequest.From(request);
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ProviderJson.SnakeCase);
        var response = await _transport.SubmitAsync(() => CreateRequest(HttpMethod.Post, url, json), cancellationToken);

        ProviderJobStatus status;
        try
        {
            status = dreamMachine
                ? ReadGeneration<DreamMachineGeneration>(response, g => g.Id).ToStatus("")
                : ReadGeneration<AgentsGeneration>(response, g => g.Id).ToStatus("");
        }
        catch (ProviderException ex)
        {
            // The job exists but its id is unreadable: re-sending would start a second billable job.
            throw new SubmitOutcomeUnknownException(Name,
                $"Luma accepted the submit ({(int)response.StatusCode}) but its reply carried no readable generation id.",
                response.StatusCode, ex.ProviderMessage, ex);
        }

        _logger.LogInformation("Submitted {GenerationId} to {Provider} {Model} as {JobId}", request.GenerationId, Name, request.Model, status.JobId);
        return new ProviderSubmission(status.JobId, status);
    }

    public async Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var dreamMachine = LumaModels.IsDreamMachine(job.Model);
        var url = GenerationUrl(job);
        var response = await _transport.QueryAsync(() => CreateRequest(HttpMethod.Get, url), cancellationToken,
            status => status == HttpStatusCode.NotFound);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ProviderResultExpiredException(Name, $"Luma no longer knows generation {job.JobId}.",
                response.StatusCode, response.ErrorMessage());
        }

        var status = dreamMachine
            ? response.ReadJson<DreamMachineGeneration>(ProviderJson.SnakeCase).ToStatus(job.JobId)
            : response.ReadJson<AgentsGeneration>(ProviderJson.SnakeCase).ToStatus(job.JobId);
        if (status.State.IsTerminal())
        {
            _logger.LogInformation("{Provider} job {JobId} ended {State} ({ProviderStatus}) {ErrorCode}",
                Name, job.JobId, status.State, status.ProviderStatus, status.Error?.Code);
        }
        return status;
    }

    /// <summary>Luma tells nothing about a submit whose reply was lost: there is no lookup by our id.</summary>
    public Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Luma cannot look up a generation by the pipeline's id.");

    /// <summary>Parses the generation object Dream Machine POSTs on every state change (unsigned, possibly repeated).
    /// An Agents-shaped object (with <c>output</c>) is read too, should Luma ever send one.</summary>
    public ProviderCallback ParseCallback(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new JsonException("The callback body is not a JSON object.");
            var status = root.TryGetProperty("output", out _) && !root.TryGetProperty("assets", out _)
                ? root.Deserialize<AgentsGeneration>(ProviderJson.SnakeCase)!.ToStatus("")
                : root.Deserialize<DreamMachineGeneration>(ProviderJson.SnakeCase)!.ToStatus("");
            if (string.IsNullOrEmpty(status.JobId))
                throw new JsonException("The callback body has no generation id.");
            return new ProviderCallback(status.JobId, status);
        }
        catch (JsonException ex)
        {
            throw new ProviderException(Name, ProviderErrorCodes.InvalidRequest, $"The Luma callback body is not a generation: {ex.Message}",
                innerException: ex);
        }
    }

    public Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default) =>
        _transport.DownloadAsync(output, cancellationToken);

    /// <summary>Dream Machine jobs can be deleted (true on 2xx); the Agents API has no cancel.</summary>
    public async Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!LumaModels.IsDreamMachine(job.Model)) return false;
        var url = GenerationUrl(job);
        // Already gone or finished: nothing left to cancel, which is an answer, not a fault.
        var response = await _transport.QueryAsync(() => CreateRequest(HttpMethod.Delete, url), cancellationToken,
            status => status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity);
        _logger.LogInformation("Cancel of {Provider} job {JobId} answered {StatusCode}", Name, job.JobId, (int)response.StatusCode);
        return response.IsSuccess;
    }

    Uri GenerationUrl(ProviderJobHandle job) =>
        ProviderUrls.Combine(LumaModels.IsDreamMachine(job.Model) ? _options.DreamMachineBaseUrl : _options.AgentsBaseUrl,
            "generations/" + Uri.EscapeDataString(job.JobId));

    /// <summary>Appends to the base path (bases carry a path such as <c>/v1</c>, which <c>new Uri(base, relative)</c> would drop).</summary>

    HttpRequestMessage CreateRequest(HttpMethod method, Uri url, byte[]? json = null)
    {
        if (string.IsNullOrWhiteSpace(_options.ApiKey))
            throw new ProviderException(Name, ProviderErrorCodes.ProviderUnauthorized, "No Luma API key is configured; nothing was sent.");
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        }
        return request;
    }

    static T ReadGeneration<T>(ProviderHttpResponse response, Func<T, string?> id)
    {
        var generation = response.ReadJson<T>(ProviderJson.SnakeCase);
        if (string.IsNullOrEmpty(id(generation)))
            throw new ProviderException(response.Provider, ProviderErrorCodes.ProviderUnavailable, "The Luma reply has no generation id.",
                response.StatusCode, response.Body.Length <= 500 ? response.Body : response.Body[..500]);
        return generation;
    }
}
