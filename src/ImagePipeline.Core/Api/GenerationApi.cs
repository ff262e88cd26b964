using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Security;
using ImagePipeline.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Api;

/// <summary>
/// The HTTP API of design.md, host-agnostic: both hosts map their routes straight onto these methods, so the contract
/// (status codes, headers, problem bodies) is written and tested once.
/// </summary>
public sealed class GenerationApi(
    GenerationStarter starter,
    CallbackTokenService callbackTokens,
    IImageProviderRegistry providers,
    IOptions<PipelineOptions> options,
    TimeProvider timeProvider,
    ILogger<GenerationApi> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    const int MaxIdempotencyKeyLength = 255;

    /// <summary><c>POST /api/generations</c>.</summary>
    public async Task<ApiResult> StartAsync(IWorkflowClient client, Stream body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key.", $"{IdempotencyKeyHeader} must be 1–{MaxIdempotencyKeyLength} characters.");

        GenerationRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<GenerationRequest>(body, WorkflowJson.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "The body is not valid JSON for a generation request.", ex.Message);
        }
        if (request is null)
            return Problems.Create(StatusCodes.Status400BadRequest, "A JSON body is required.", "Send a generation request as JSON.");

        var outcome = await starter.StartAsync(client, request, idempotencyKey, cancellationToken: cancellationToken);
        if (!outcome.Validation.IsValid) return Problems.Validation(outcome.Validation);
        if (outcome.KeyConflict)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Idempotency-Key reused.",
                $"The {IdempotencyKeyHeader} was already used for a different request (generation {outcome.GenerationId}).");
        }

        var id = outcome.GenerationId!;
        var status = outcome.Created ? GenerationStatus.Queued : await CurrentStatusAsync(client, id, cancellationToken);
        return new ApiResult(StatusCodes.Status202Accepted, new GenerationAccepted(id, status, StatusUrl(id), CancelUrl(id)))
            .WithHeader("Location", StatusUrl(id))
            .WithHeader("Retry-After", RetryAfterSeconds());
    }

    /// <summary><c>GET /api/generations/{id}</c>.</summary>
    public async Task<ApiResult> GetAsync(IWorkflowClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = GenerationIds.IsWellFormed(id) ? await client.GetAsync(id, cancellationToken) : null;
        if (instance is null) return Problems.NotFound(id);
        var document = GenerationStatusDocumentFactory.Create(instance);
        var result = new ApiResult(StatusCodes.Status200OK, document);
        return document.Status.IsTerminal() ? result : result.WithHeader("Retry-After", RetryAfterSeconds());
    }

    /// <summary><c>POST /api/generations/{id}/cancel</c>.</summary>
    public async Task<ApiResult> CancelAsync(IWorkflowClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = GenerationIds.IsWellFormed(id) ? await client.GetAsync(id, cancellationToken) : null;
        if (instance is null) return Problems.NotFound(id);
        var document = GenerationStatusDocumentFactory.Create(instance);
        if (document.Status.IsTerminal())
        {
            return Problems.Create(StatusCodes.Status409Conflict, "The generation has already ended.",
                $"Generation {id} is {document.Status}; there is nothing to cancel.");
        }

        await client.RaiseEventAsync(id, WorkflowEvents.Cancel, new CancelRequest(timeProvider.GetUtcNow()), cancellationToken);
        logger.LogInformation("Cancel requested for generation {GenerationId}", id);
        return new ApiResult(StatusCodes.Status202Accepted, new GenerationAccepted(id, document.Status, StatusUrl(id), CancelUrl(id)))
            .WithHeader("Location", StatusUrl(id));
    }

    /// <summary><c>POST /api/callbacks/{provider}/{id}?token=…</c>: a provider webhook. A bad token, an oversized body, a
    /// callback on another provider's route or naming another provider job than this generation's changes nothing. An
    /// accepted callback is only a hint: the workflow confirms a terminal state with one status read before archiving.</summary>
    public async Task<ApiResult> AcceptProviderCallbackAsync(IWorkflowClient client, string provider, string id, string? token, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(body);
        if (!GenerationIds.IsWellFormed(id) || !callbackTokens.IsValid(id, token))
        {
            logger.LogWarning("Rejected a {Provider} callback for {GenerationId} with a bad or missing token", provider, id);
            return Problems.Create(StatusCodes.Status401Unauthorized, "Invalid callback token.", "The callback token does not match this generation.");
        }
        if (!providers.TryGet(provider, out var imageProvider) || !imageProvider.SupportsCallbacks)
            return Problems.Create(StatusCodes.Status404NotFound, "Unknown provider.", $"Provider '{provider}' does not send callbacks here.");

        if (await ProviderCallbackBody.ReadAsync(body, ProviderCallbackBody.MaxBytes, cancellationToken) is not { } payload)
        {
            logger.LogWarning("Rejected a {Provider} callback for {GenerationId}: the body is over {MaxBytes} bytes", provider, id, ProviderCallbackBody.MaxBytes);
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Callback body too large.",
                $"A provider callback body may be at most {ProviderCallbackBody.MaxBytes} bytes.");
        }
        ProviderCallback callback;
        try
        {
            callback = imageProvider.ParseCallback(payload);
        }
        catch (ProviderException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Malformed callback.", ex.Message);
        }

        var instance = await client.GetAsync(id, cancellationToken);
        if (instance is null) return Problems.NotFound(id);
        var generationProvider = Deserialize<GenerationWorkflowInput>(instance.SerializedInput)?.Provider;
        if (!string.Equals(generationProvider, imageProvider.Name, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Rejected a {Provider} callback for {GenerationId}, which runs on {GenerationProvider}", imageProvider.Name, id, generationProvider);
            return Problems.Create(StatusCodes.Status409Conflict, "Callback does not belong to this generation.",
                $"Generation {id} does not run on provider '{imageProvider.Name}'.");
        }
        // Null until the submit step's result is journaled; a fast provider can call back before that. Such a callback is
        // still taken, as a hint: the workflow drops it unless it names the job it submitted, and confirms it by a status read.
        var submittedJobId = Deserialize<GenerationProgress>(instance.SerializedCustomStatus)?.ProviderJobId;
        if (submittedJobId is not null && !string.Equals(submittedJobId, callback.JobId, StringComparison.Ordinal))
        {
            logger.LogWarning("Rejected a {Provider} callback for {GenerationId} naming job {CallbackJobId}; the generation submitted {ProviderJobId}",
                imageProvider.Name, id, callback.JobId, submittedJobId);
            return Problems.Create(StatusCodes.Status409Conflict, "Callback does not belong to this generation.",
                $"The callback names provider job '{callback.JobId}', which generation {id} did not submit.");
        }

        if (instance.RuntimeStatus is WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running)
        {
            await client.RaiseEventAsync(id, WorkflowEvents.ProviderCallback,
                new ProviderCallbackEvent(imageProvider.Name, callback.Status, timeProvider.GetUtcNow(), callback.JobId), cancellationToken);
        }
        // Late or duplicate deliveries of a finished generation are acknowledged so the provider stops retrying.
        return new ApiResult(StatusCodes.Status200OK, new { received = true });
    }

    /// <summary><c>GET /api/health</c>.</summary>
    public ApiResult Health() => new(StatusCodes.Status200OK, new { status = "healthy", providers = providers.Names.Order().ToArray() });

    async Task<GenerationStatus> CurrentStatusAsync(IWorkflowClient client, string id, CancellationToken cancellationToken) =>
        await client.GetAsync(id, cancellationToken) is { } instance ? GenerationStatusDocumentFactory.Create(instance).Status : GenerationStatus.Queued;

    static T? Deserialize<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, WorkflowJson.Options);

    string RetryAfterSeconds() => ((int)Math.Ceiling(options.Value.StatusRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string StatusUrl(string id) => $"/api/generations/{id}";
    static string CancelUrl(string id) => $"/api/generations/{id}/cancel";
}
