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

    /// <summary><c>POST /api/generations</c>: a JSON body (no <c>Content-Type</c> is read as JSON, any other is 415), at
    /// most <see cref="PipelineOptions.MaxRequestBodyBytes"/> (413, checked while reading).</summary>
    public async Task<ApiResult> StartAsync(IWorkflowClient client, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            return Problems.Field(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Content-Type",
                $"Send the generation request as application/json, not '{request.ContentType}'.");
        }
        var idempotencyKey = request.Headers[IdempotencyKeyHeader].FirstOrDefault();
        if (IdempotencyKeyProblem(idempotencyKey) is { } keyProblem) return keyProblem;
        var body = await BoundedRequestBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        return body.Problem ?? await StartAsync(client, body.Content, idempotencyKey, cancellationToken);
    }

    /// <summary><c>POST /api/generations</c> from a body stream (read up to the same limit).</summary>
    public async Task<ApiResult> StartAsync(IWorkflowClient client, Stream body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (IdempotencyKeyProblem(idempotencyKey) is { } keyProblem) return keyProblem;
        var read = await BoundedRequestBody.ReadAsync(body, options.Value.MaxRequestBodyBytes, cancellationToken);
        return read.Problem ?? await StartAsync(client, read.Content, idempotencyKey, cancellationToken);
    }

    async Task<ApiResult> StartAsync(IWorkflowClient client, ReadOnlyMemory<byte> body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        GenerationRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<GenerationRequest>(body.Span, ApiJson.RequestOptions);
        }
        catch (JsonException ex)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "The body is not valid JSON for a generation request.", ApiJson.FieldOf(ex), ex.Message);
        }
        if (request is null)
            return Problems.Field(StatusCodes.Status400BadRequest, "A JSON body is required.", BoundedRequestBody.Field, "Send a generation request as a JSON object.");

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

        var read = await BoundedRequestBody.ReadAsync(body, options.Value.MaxRequestBodyBytes, cancellationToken);
        if (read.Problem is not null) return read.Problem;
        ProviderCallback callback;
        try
        {
            callback = imageProvider.ParseCallback(read.Content.Span);
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

    static ApiResult? IdempotencyKeyProblem(string? key) =>
        key is null || (key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(c => c is > ' ' and < '\u007F'))
            ? null
            : Problems.Field(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key.", IdempotencyKeyHeader,
                $"{IdempotencyKeyHeader} must be 1–{MaxIdempotencyKeyLength} visible ASCII characters.");

    /// <summary>application/json or any <c>+json</c> type; no Content-Type at all is read as JSON too.</summary>
    static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return true;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var mediaType)) return false;
        var type = mediaType.MediaType.Value ?? "";
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    async Task<GenerationStatus> CurrentStatusAsync(IWorkflowClient client, string id, CancellationToken cancellationToken) =>
        await client.GetAsync(id, cancellationToken) is { } instance ? GenerationStatusDocumentFactory.Create(instance).Status : GenerationStatus.Queued;

    string RetryAfterSeconds() => ((int)Math.Ceiling(options.Value.StatusRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string StatusUrl(string id) => $"/api/generations/{id}";
    static string CancelUrl(string id) => $"/api/generations/{id}/cancel";
}
