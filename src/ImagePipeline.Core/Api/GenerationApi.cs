using System.Text.Json;
using ImagePipeline.Diagnostics;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Routing;
using ImagePipeline.Security;
using ImagePipeline.Serialization;
using ImagePipeline.Starting;
using ImagePipeline.Storage;
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
    IOutputStore outputStore,
    IWorkflowStoreHealth? storeHealth = null,
    ProviderCircuits? circuits = null)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    const int MaxIdempotencyKeyLength = 255;

    /// <summary>The largest provider callback body accepted (256 KiB); larger ones are answered 413. Real deliveries are
    /// a few KiB (one generation object, one Runware result item): anything near the cap is not a provider talking.</summary>
    public const int MaxCallbackBodyBytes = 256 * 1024;

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
        return body.Problem is { } problem
            ? BadBody(problem)
            : await StartAsync(client, body.Content, idempotencyKey, WaitPreference.Parse(request.Headers[WaitPreference.PreferHeader]), cancellationToken);
    }

    /// <summary><c>POST /api/generations</c> from a body stream (read up to the same limit).</summary>
    public async Task<ApiResult> StartAsync(IWorkflowClient client, Stream body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (IdempotencyKeyProblem(idempotencyKey) is { } keyProblem) return keyProblem;
        var read = await BoundedRequestBody.ReadAsync(body, options.Value.MaxRequestBodyBytes, cancellationToken);
        return read.Problem is { } problem ? BadBody(problem) : await StartAsync(client, read.Content, idempotencyKey, waitSeconds: null, cancellationToken);
    }

    /// <summary>A body too large or cut short is the caller's fault: one warning line for the operator, no stack trace.</summary>
    ApiResult BadBody(ApiResult problem)
    {
        logger.LogWarning("Bad request POST /api/generations: answered {StatusCode}, the body was too large or could not be read whole", problem.StatusCode);
        return problem;
    }

    async Task<ApiResult> StartAsync(IWorkflowClient client, ReadOnlyMemory<byte> body, string? idempotencyKey, int? waitSeconds, CancellationToken cancellationToken)
    {
        using var activity = ApiTelemetry.Start(ApiTelemetry.StartActivity);
        var result = await StartParsedAsync(client, body, idempotencyKey, waitSeconds, activity, cancellationToken);
        activity?.SetTag(PipelineTelemetry.StatusCodeTag, result.StatusCode);
        return result;
    }

    async Task<ApiResult> StartParsedAsync(IWorkflowClient client, ReadOnlyMemory<byte> body, string? idempotencyKey, int? waitSeconds, System.Diagnostics.Activity? activity,
        CancellationToken cancellationToken)
    {
        GenerationRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<GenerationRequest>(body.Span, ApiJson.RequestOptions);
        }
        catch (JsonException ex) when (UnknownRequestField.NameOf(ex) is { } unknown)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "The request has a field the pipeline does not know.", unknown, UnknownRequestField.Describe(unknown));
        }
        catch (JsonException ex)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "The body is not valid JSON for a generation request.", ApiJson.FieldOf(ex), ex.Message);
        }
        if (request is null)
            return Problems.Field(StatusCodes.Status400BadRequest, "A JSON body is required.", BoundedRequestBody.Field, "Send a generation request as a JSON object.");
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
        activity?.SetTag(PipelineTelemetry.GenerationIdTag, id);
        activity?.SetTag(ApiTelemetry.CreatedTag, outcome.Created);
        var waited = await WaitForEndAsync(client, id, waitSeconds, cancellationToken);
        if (waited.Ended is { } ended)
        {
            // The generation ended within the caller's wait: the final document at once, as GET would answer it.
            return new ApiResult(StatusCodes.Status200OK, ended)
                .WithHeader("Location", StatusUrl(id))
                .WithHeader(WaitPreference.AppliedHeader, waited.Applied!);
        }
        var status = outcome.Created && waited.Applied is null ? GenerationStatus.Queued : await CurrentStatusAsync(client, id, cancellationToken);
        var accepted = new ApiResult(StatusCodes.Status202Accepted, new GenerationAccepted(id, status, StatusUrl(id), CancelUrl(id)))
            .WithHeader("Location", StatusUrl(id))
            .WithHeader("Retry-After", RetryAfterSeconds());
        return waited.Applied is { } applied ? accepted.WithHeader(WaitPreference.AppliedHeader, applied) : accepted;
    }

    /// <summary><c>GET /api/generations/{id}</c>.</summary>
    public Task<ApiResult> GetAsync(IWorkflowClient client, string id, CancellationToken cancellationToken) =>
        GetAsync(client, id, prefer: default, cancellationToken);

    /// <summary><c>GET /api/generations/{id}</c> with the request's <c>Prefer</c> header: <c>wait=N</c> holds the answer
    /// until the generation ends or N seconds pass (at most 60), whichever is first.</summary>
    public async Task<ApiResult> GetAsync(IWorkflowClient client, string id, Microsoft.Extensions.Primitives.StringValues prefer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var activity = ApiTelemetry.Start(ApiTelemetry.GetActivity, id);
        var instance = GenerationIds.IsWellFormed(id) ? await client.GetAsync(id, cancellationToken) : null;
        if (instance is null) return Problems.NotFound(id);
        var document = StatusDocument(instance);
        string? applied = null;
        if (!document.Status.IsTerminal())
        {
            var waited = await WaitForEndAsync(client, id, WaitPreference.Parse(prefer), cancellationToken);
            applied = waited.Applied;
            if (waited.Ended is { } ended) document = ended;
            else if (applied is not null && await client.GetAsync(id, cancellationToken) is { } now) document = StatusDocument(now);
        }
        activity?.SetTag(ApiTelemetry.GenerationStatusTag, document.Status.ToString().ToLowerInvariant());
        var result = new ApiResult(StatusCodes.Status200OK, document);
        if (applied is not null) result.WithHeader(WaitPreference.AppliedHeader, applied);
        return document.Status.IsTerminal() ? result : result.WithHeader("Retry-After", RetryAfterSeconds());
    }

    /// <summary><c>GET /api/generations</c>: status documents newest first, filtered by the query string (see
    /// <see cref="GenerationQueryParser"/>), a page at a time.</summary>
    public async Task<ApiResult> ListAsync(IWorkflowClient client, IQueryCollection parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (query, problem) = GenerationQueryParser.Parse(parameters);
        if (problem is not null) return problem;
        if (client is not IWorkflowInstanceQuery instances)
            return Problems.Create(StatusCodes.Status501NotImplemented, "Listing is not available.", "This host's workflow runtime cannot list generations.");
        WorkflowInstancePage page;
        try
        {
            page = await instances.QueryAsync(query!, cancellationToken);
        }
        catch (InvalidContinuationTokenException ex)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid query parameter.", "continuationToken", ex.Message);
        }
        var items = page.Instances.Select(StatusDocument).ToList();
        return new ApiResult(StatusCodes.Status200OK, new GenerationList(items, page.ContinuationToken));
    }

    /// <summary>Waits on the runtime's completion signal for at most <paramref name="waitSeconds"/>. Applied is the
    /// <c>Preference-Applied</c> value when the wait was honoured; Ended the final status document when it ended in time. The
    /// caller disconnecting cancels the wait (and the request).</summary>
    async Task<(GenerationStatusDocument? Ended, string? Applied)> WaitForEndAsync(IWorkflowClient client, string id, int? waitSeconds, CancellationToken cancellationToken)
    {
        if (waitSeconds is not > 0 || client is not IWorkflowCompletionWaiter waiter) return (null, null);
        var applied = WaitPreference.Applied(waitSeconds.Value);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(waitSeconds.Value), timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            var ended = await waiter.WaitForCompletionAsync(id, linked.Token) is { } instance ? StatusDocument(instance) : null;
            return (ended is { Status: var status } && status.IsTerminal() ? ended : null, applied);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, applied);
        }
    }

    /// <summary><c>GET /api/generations/{id}/outputs/{index}</c>: the archived bytes of output <paramref name="index"/> (its
    /// position in <c>outputs</c>), streamed from the output store with its content type and its SHA-256 as the entity tag;
    /// ranges and conditional requests as ASP.NET Core serves files. 404 for an unknown generation, an index it has no
    /// archived output at (yet), or an output no longer stored.</summary>
    public async Task<IApiAnswer> DownloadOutputAsync(IWorkflowClient client, string id, string index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = GenerationIds.IsWellFormed(id) ? await client.GetAsync(id, cancellationToken) : null;
        if (instance is null) return Problems.NotFound(id);
        var document = StatusDocument(instance);
        if (!int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
            || position >= document.Outputs.Count)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Output not found.",
                $"Generation {id} ({document.Status}) has {document.Outputs.Count} archived outputs; there is none at '{index}'.");
        }

        var output = document.Outputs[position];
        var stream = OutputNames.NameOfArchived(id, document.CreatedAt, output.Uri) is { } name
            ? await outputStore.OpenReadAsync(name, cancellationToken)
            : null;
        if (stream is null)
        {
            logger.LogWarning("Output {Index} of {GenerationId} is recorded at {Uri} but not in the output store", position, id, output.Uri);
            return Problems.Create(StatusCodes.Status404NotFound, "Output no longer stored.",
                $"Output {position} of generation {id} was archived but is no longer in storage (deleted by retention?).");
        }
        return new OutputDownloadResult(stream, output.ContentType, output.Sha256);
    }

    /// <summary>The status document callers get: outputs carry the <c>url</c> they download them from.</summary>
    GenerationStatusDocument StatusDocument(WorkflowInstance instance) =>
        OutputLinks.Apply(GenerationStatusDocumentFactory.Create(instance), options.Value.PublicBaseUrl);

    /// <summary><c>POST /api/generations/{id}/cancel</c>.</summary>
    public async Task<ApiResult> CancelAsync(IWorkflowClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var activity = ApiTelemetry.Start(ApiTelemetry.CancelActivity, id);
        var instance = GenerationIds.IsWellFormed(id) ? await client.GetAsync(id, cancellationToken) : null;
        if (instance is null) return Problems.NotFound(id);
        var document = StatusDocument(instance);
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

    /// <summary><c>POST /api/generations/{id}/retry</c>: starts a new generation with the ended one's request, linked to it
    /// (<c>retryOf</c>, and a warning when the first may also have run). 409 while the generation has not ended or when it
    /// was rejected before reaching a provider. Idempotent per generation: without an Idempotency-Key every call answers
    /// the same new generation; each distinct key starts one more.</summary>
    public async Task<ApiResult> RetryAsync(IWorkflowClient client, string id, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (IdempotencyKeyProblem(idempotencyKey) is { } keyProblem) return keyProblem;
        var instance = GenerationIds.IsWellFormed(id) ? await client.GetAsync(id, cancellationToken) : null;
        var input = instance?.SerializedInput is { } json ? JsonSerializer.Deserialize<GenerationWorkflowInput>(json, WorkflowJson.Options) : null;
        if (instance is null || input is null) return Problems.NotFound(id);
        var document = StatusDocument(instance);
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
        using var activity = ApiTelemetry.Start(ApiTelemetry.CallbackActivity, id);
        activity?.SetTag(PipelineTelemetry.ProviderTag, imageProvider.Name);

        var read = await BoundedRequestBody.ReadAsync(body, MaxCallbackBodyBytes, cancellationToken);
        if (read.Problem is { } refused)
        {
            logger.LogWarning("Rejected a {Provider} callback for {GenerationId}: {StatusCode} (at most {MaxBytes} bytes are read)",
                provider, id, refused.StatusCode, MaxCallbackBodyBytes);
            return refused;
        }
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
        // The provider of the attempt under way (a failover moves it on); the input's first provider before the first publish.
        var progress = Deserialize<GenerationProgress>(instance.SerializedCustomStatus);
        var generationProvider = progress?.Provider ?? Deserialize<GenerationWorkflowInput>(instance.SerializedInput)?.Provider;
        if (!string.Equals(generationProvider, imageProvider.Name, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Rejected a {Provider} callback for {GenerationId}, which runs on {GenerationProvider}", imageProvider.Name, id, generationProvider);
            return Problems.Create(StatusCodes.Status409Conflict, "Callback does not belong to this generation.",
                $"Generation {id} does not run on provider '{imageProvider.Name}'.");
        }
        // Null until the submit step's result is journaled; a fast provider can call back before that. Such a callback is
        // still taken, as a hint: the workflow drops it unless it names the job it submitted, and confirms it by a status read.
        var submittedJobId = progress?.ProviderJobId;
        if (submittedJobId is not null && !string.Equals(submittedJobId, callback.JobId, StringComparison.Ordinal))
        {
            // The named id is the sender's text (up to the body cap): logs and the answer get a bounded, single-line excerpt.
            logger.LogWarning("Rejected a {Provider} callback for {GenerationId} naming job {CallbackJobId}; the generation submitted {ProviderJobId}",
                imageProvider.Name, id, Excerpt(callback.JobId), submittedJobId);
            return Problems.Create(StatusCodes.Status409Conflict, "Callback does not belong to this generation.",
                $"The callback names provider job '{Excerpt(callback.JobId)}', which generation {id} did not submit.");
        }

        if (instance.RuntimeStatus is WorkflowRuntimeStatus.Pending or WorkflowRuntimeStatus.Running)
        {
            try
            {
                await client.RaiseEventAsync(id, WorkflowEvents.ProviderCallback,
                    new ProviderCallbackEvent(imageProvider.Name, callback.Status, timeProvider.GetUtcNow(), callback.JobId), cancellationToken);
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
    /// written (generations stall until writes succeed again and then resume by themselves). Each provider's circuit
    /// is shown; an open one leaves the answer 200, since work can still be routed to the others.</summary>
    public ApiResult Health()
    {
        var names = providers.Names.Order().ToArray();
        var circuitReports = circuits is null ? null : names.ToDictionary(name => name, circuits.Report);
        if (storeHealth?.Current is { IsHealthy: false } store)
        {
            return new ApiResult(StatusCodes.Status503ServiceUnavailable, new
            {
                status = "unhealthy",
                journal = store.Writable ? "recovering" : "unwritable",
                stalled = store.StalledInstances,
                reason = store.Reason ?? "Stalled generations are being resumed from the journal.",
                providers = names,
                circuits = circuitReports,
            }).WithHeader("Retry-After", Problems.RetryAfterSeconds(store.RetryAfter));
        }

        return new(StatusCodes.Status200OK, new { status = "healthy", providers = names, circuits = circuitReports });
    }

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

    static string? Excerpt(string? value) =>
        value is null ? null : string.Concat(value.Take(80).Select(c => char.IsControl(c) ? '?' : c)) + (value.Length > 80 ? "…" : "");

    async Task<GenerationStatus> CurrentStatusAsync(IWorkflowClient client, string id, CancellationToken cancellationToken) =>
        await client.GetAsync(id, cancellationToken) is { } instance ? StatusDocument(instance).Status : GenerationStatus.Queued;

    static T? Deserialize<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, WorkflowJson.Options);

    string RetryAfterSeconds() => ((int)Math.Ceiling(options.Value.StatusRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string StatusUrl(string id) => $"/api/generations/{id}";
    static string CancelUrl(string id) => $"/api/generations/{id}/cancel";
}
