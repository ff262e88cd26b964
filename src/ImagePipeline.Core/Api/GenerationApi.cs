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
    ILogger<GenerationApi> logger,
    IWorkflowStoreHealth? storeHealth = null)
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
        // Accepting work the journal cannot keep would only stall it: refuse up front while writes are failing.
        if (storeHealth?.Current is { Writable: false } unwritable)
            return Problems.StoreUnavailable(unwritable.Reason, unwritable.RetryAfter);

        StartOutcome outcome;
        try
        {
            outcome = await starter.StartAsync(client, request, idempotencyKey, cancellationToken: cancellationToken);
        }
        catch (WorkflowStoreUnavailableException ex)
        {
            return Problems.StoreUnavailable(ex.Message, ex.RetryAfter);
        }
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

        try
        {
            await client.RaiseEventAsync(id, WorkflowEvents.Cancel, new CancelRequest(timeProvider.GetUtcNow()), cancellationToken);
        }
        catch (WorkflowStoreUnavailableException ex)
        {
            return Problems.StoreUnavailable(ex.Message, ex.RetryAfter);
        }
        logger.LogInformation("Cancel requested for generation {GenerationId}", id);
        return new ApiResult(StatusCodes.Status202Accepted, new GenerationAccepted(id, document.Status, StatusUrl(id), CancelUrl(id)))
            .WithHeader("Location", StatusUrl(id));
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
            try
            {
                await client.RaiseEventAsync(id, WorkflowEvents.ProviderCallback,
                    new ProviderCallbackEvent(imageProvider.Name, callback.Status, timeProvider.GetUtcNow()), cancellationToken);
            }
            catch (WorkflowStoreUnavailableException ex)
            {
                // Not acknowledged, so the provider delivers it again (and polling finds the result anyway).
                return Problems.StoreUnavailable(ex.Message, ex.RetryAfter);
            }
        }
        // Late or duplicate deliveries of a finished generation are acknowledged so the provider stops retrying.
        return new ApiResult(StatusCodes.Status200OK, new { received = true });
    }

    /// <summary><c>GET /api/health</c>: 200 while the host can take and keep work; 503 while its journal cannot be
    /// written (generations stall until writes succeed again and then resume by themselves).</summary>
    public ApiResult Health()
    {
        var names = providers.Names.Order().ToArray();
        if (storeHealth?.Current is { IsHealthy: false } store)
        {
            return new ApiResult(StatusCodes.Status503ServiceUnavailable, new
            {
                status = "unhealthy",
                journal = store.Writable ? "recovering" : "unwritable",
                stalled = store.StalledInstances,
                reason = store.Reason ?? "Stalled generations are being resumed from the journal.",
                providers = names,
            }).WithHeader("Retry-After", Problems.RetryAfterSeconds(store.RetryAfter));
        }

        return new(StatusCodes.Status200OK, new { status = "healthy", providers = names });
    }

    async Task<GenerationStatus> CurrentStatusAsync(IWorkflowClient client, string id, CancellationToken cancellationToken) =>
        await client.GetAsync(id, cancellationToken) is { } instance ? GenerationStatusDocumentFactory.Create(instance).Status : GenerationStatus.Queued;

    string RetryAfterSeconds() => ((int)Math.Ceiling(options.Value.StatusRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string StatusUrl(string id) => $"/api/generations/{id}";
    static string CancelUrl(string id) => $"/api/generations/{id}/cancel";
}
