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

    /// <summary><c>POST /api/generations/{id}/retry</c>: starts a new generation with the ended one's request, linked to it
    /// (<c>retryOf</c>, and a warning when the first may also have run). 409 while the generation has not ended or when it
    /// was rejected before reaching a provider. Idempotent per generation: without an Idempotency-Key every call answers
    /// the same new generation; each distinct key starts one more.</summary>
    public async Task<ApiResult> RetryAsync(IWorkflowClient client, string id, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key.", $"{IdempotencyKeyHeader} must be 1–{MaxIdempotencyKeyLength} characters.");
        var instance = GenerationIds.IsWellFormed(id) ? await client.GetAsync(id, cancellationToken) : null;
        var input = instance?.SerializedInput is { } json ? JsonSerializer.Deserialize<GenerationWorkflowInput>(json, WorkflowJson.Options) : null;
        if (instance is null || input is null) return Problems.NotFound(id);
        var document = GenerationStatusDocumentFactory.Create(instance);
        if (!document.Status.IsTerminal())
        {
            return Problems.Create(StatusCodes.Status409Conflict, "The generation has not ended.",
                $"Generation {id} is {document.Status}; only an ended generation can be retried (cancel it first).");
        }
        if (input.Rejection is not null)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "The generation was rejected before it reached a provider.",
                $"Generation {id} failed with {input.Rejection.Code}; the same request would fail the same way. Start a corrected one.");
        }

        var outcome = await starter.RetryAsync(client, input, document.Error?.Code, idempotencyKey, cancellationToken);
        if (!outcome.Validation.IsValid) return Problems.Validation(outcome.Validation);
        var retryId = outcome.GenerationId!;
        var status = outcome.Created ? GenerationStatus.Queued : await CurrentStatusAsync(client, retryId, cancellationToken);
        return new ApiResult(StatusCodes.Status202Accepted, new GenerationAccepted(retryId, status, StatusUrl(retryId), CancelUrl(retryId)))
            .WithHeader("Location", StatusUrl(retryId))
            .WithHeader("Retry-After", RetryAfterSeconds());
    }

    /// <summary><c>POST /api/callbacks/{provider}/{id}?token=…</c>: a provider webhook. A bad token changes nothing.</summary>
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

        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        ProviderCallback callback;
        try
        {
            callback = imageProvider.ParseCallback(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (ProviderException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Malformed callback.", ex.Message);
        }

        var instance = await client.GetAsync(id, cancellationToken);
        if (instance is null) return Problems.NotFound(id);
        if (instance.RuntimeStatus is WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running)
        {
            await client.RaiseEventAsync(id, WorkflowEvents.ProviderCallback,
                new ProviderCallbackEvent(imageProvider.Name, callback.Status, timeProvider.GetUtcNow()), cancellationToken);
        }
        // Late or duplicate deliveries of a finished generation are acknowledged so the provider stops retrying.
        return new ApiResult(StatusCodes.Status200OK, new { received = true });
    }

    /// <summary><c>GET /api/health</c>.</summary>
    public ApiResult Health() => new(StatusCodes.Status200OK, new { status = "healthy", providers = providers.Names.Order().ToArray() });

    async Task<GenerationStatus> CurrentStatusAsync(IWorkflowClient client, string id, CancellationToken cancellationToken) =>
        await client.GetAsync(id, cancellationToken) is { } instance ? GenerationStatusDocumentFactory.Create(instance).Status : GenerationStatus.Queued;

    string RetryAfterSeconds() => ((int)Math.Ceiling(options.Value.StatusRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string StatusUrl(string id) => $"/api/generations/{id}";
    static string CancelUrl(string id) => $"/api/generations/{id}/cancel";
}
