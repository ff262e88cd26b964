using System.Text.Json;
using ImagePipeline.Diagnostics;
using ImagePipeline.Generation;
using ImagePipeline.Inputs;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Routing;
using ImagePipeline.Security;
using ImagePipeline.Serialization;
using ImagePipeline.Validation;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Starting;

/// <summary>Starts generations for every entry point (HTTP, blob drop, queue, events): resolves provider and model,
/// validates, derives the id from an idempotency key, and starts the durable instance at most once.</summary>
public sealed class GenerationStarter(IOptions<PipelineOptions> options, IOptions<PollingOptions> polling, TimeProvider timeProvider,
    ILogger<GenerationStarter> logger, IImageProviderRegistry? providers = null, IOptions<SecurityOptions>? security = null,
    IInputImageStore? inputImages = null, AdaptivePollingPlans? adaptivePolling = null, ProviderRouter? router = null)
{
    /// <summary>Without a registered router (tests that build a starter by hand): validity and keys only.</summary>
    ProviderRouter Router { get; } = router ?? new ProviderRouter(providers, options, Options.Create(new RoutingOptions()));

    readonly PipelineOptions _options = options.Value;
    readonly bool _allowPrivateNetwork = security?.Value.AllowPrivateNetworkFetches ?? false;

    /// <param name="idempotencyScope">Separates key spaces of different entry points ("http", "blob", "queue", …).</param>
    /// <param name="allowStoredInputs">True only for internal entry points that pass <see cref="StoredInputReference"/>s.</param>
    public async Task<StartOutcome> StartAsync(IWorkflowClient client, GenerationRequest request, string? idempotencyKey,
        string idempotencyScope = "http", CancellationToken cancellationToken = default, bool allowStoredInputs = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var routed = await Router.RouteAsync(request, allowStoredInputs, _allowPrivateNetwork, cancellationToken);
        if (routed.Decision is not { } routing)
        {
            logger.LogInformation("Refused a generation request for {Provider}: {Errors}", request.Provider?.ToString() ?? _options.DefaultProvider, routed.Validation.ToString());
            return new StartOutcome(null, false, routed.Validation);
        }

        var (provider, model) = (routing.Candidates[0].Provider, routing.Candidates[0].Model);
        var id = idempotencyKey is null ? GenerationIds.New() : GenerationIds.FromKey(idempotencyScope, idempotencyKey);
        // A single provider is stored as before (the resolved name and model); a list or "auto" keeps the caller's words.
        var normalized = await StoreImageDataAsync(routing.Candidates.Count == 1 && request.Provider is not { IsAuto: true }
            ? request with { Provider = provider, Model = model }
            : request, cancellationToken);
        routing = await WithPollingPlansAsync(routing, cancellationToken);
        var plan = routing.Candidates[0].Polling!;
        var input = new GenerationWorkflowInput(id, normalized, provider, model, timeProvider.GetUtcNow(), _options.JobTimeout, plan,
            SubmitLookup: SubmitLookupPlan(), Routing: routing);

        var created = await client.TryStartAsync(id, input, cancellationToken);
        if (created)
        {
            RecordStarted(provider, model);
            LogStarted(id, provider, model, plan);
            return new StartOutcome(id, true, ValidationResult.Valid);
        }

        // Same key again: the same generation, unless the key is being reused for a different request.
        var existing = await client.GetAsync(id, cancellationToken);
        var existingInput = existing?.SerializedInput is { } json ? JsonSerializer.Deserialize<GenerationWorkflowInput>(json, WorkflowJson.Options) : null;
        if (existingInput is not null && !SameRequest(existingInput.Request, normalized))
        {
            logger.LogWarning("Idempotency key reused with a different request for {GenerationId}", id);
            return new StartOutcome(id, false, ValidationResult.Valid, KeyConflict: true);
        }
        logger.LogInformation("Generation {GenerationId} already exists for this idempotency key", id);
        return new StartOutcome(id, false, ValidationResult.Valid);
    }

    /// <summary>Starts a new generation with an ended one's request (<c>POST /api/generations/{id}/retry</c>). The new id
    /// derives from the old one (and the caller's idempotency key, if any), so a repeated call answers the same new
    /// generation. Validated again: the provider may no longer be configured.</summary>
    /// <param name="endedWith">The ended generation's error code, if it failed.</param>
    public async Task<StartOutcome> RetryAsync(IWorkflowClient client, GenerationWorkflowInput original, string? endedWith, string? idempotencyKey,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(original);
        // Routed again (health, budgets and keys may have changed). Stored input references (drops) were accepted with
        // the original; they are ours, not the caller's.
        var routed = await Router.RouteAsync(original.Request, allowStoredInputs: true, _allowPrivateNetwork, cancellationToken);
        if (routed.Decision is not { } routing) return new StartOutcome(null, false, routed.Validation);
        var (provider, model) = (routing.Candidates[0].Provider, routing.Candidates[0].Model);

        var id = idempotencyKey is null
            ? GenerationIds.FromKey("retry", original.GenerationId)
            : GenerationIds.FromKey("retry:" + original.GenerationId, idempotencyKey);
        var warning = endedWith == Providers.ProviderErrorCodes.SubmitOutcomeUnknown
            ? $"Generation {original.GenerationId} ended submit_outcome_unknown: its submit may have reached {original.Provider} and that job " +
              "may also have run (and be billed); this is a second, separate job."
            : null;
        routing = await WithPollingPlansAsync(routing, cancellationToken);
        var input = new GenerationWorkflowInput(id, original.Request, provider, model, timeProvider.GetUtcNow(), _options.JobTimeout,
            routing.Candidates[0].Polling!, SubmitLookup: SubmitLookupPlan(), Retry: new GenerationRetry(original.GenerationId, warning),
            Routing: routing);

        var created = await client.TryStartAsync(id, input, cancellationToken);
        if (created)
        {
            RecordStarted(provider, model);
            logger.LogInformation("Started generation {GenerationId} as a retry of {RetryOf}", id, original.GenerationId);
        }
        else logger.LogInformation("Retry {GenerationId} of {RetryOf} already exists", id, original.GenerationId);
        return new StartOutcome(id, created, ValidationResult.Valid);
    }

    /// <summary>Records a request an internal entry point already knows cannot run (e.g. a dropped file that is not an
    /// image) as a generation that ends Failed with <paramref name="rejection"/>, notifying its callbackUrl like any
    /// other failure. Idempotent on the key like <see cref="StartAsync"/>; nothing is validated or sent to a provider.</summary>
    public async Task<StartOutcome> StartRejectedAsync(IWorkflowClient client, GenerationRequest request, Providers.ProviderError rejection,
        string idempotencyKey, string idempotencyScope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rejection);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        // Recorded against the first provider named (or the default): nothing is sent anywhere.
        var provider = request.Provider is { IsAuto: false, Names: [var first, ..] } ? first : _options.DefaultProvider.ToLowerInvariant();
        var model = ProviderCapabilityTable.Find(provider)?.FindModel(request.Model)?.Model ?? request.Model ?? "unknown";
        // A callback URL validation refuses is never called, not even to report the rejection.
        var normalized = request with
        {
            Provider = provider,
            Model = model,
            CallbackUrl = request.CallbackUrl is { } url && GenerationRequestValidator.IsAllowedUrl(url, _allowPrivateNetwork) ? url : null,
        };
        var id = GenerationIds.FromKey(idempotencyScope, idempotencyKey);
        var input = new GenerationWorkflowInput(id, normalized, provider, model, timeProvider.GetUtcNow(), _options.JobTimeout, polling.Value.For(provider), rejection,
            SubmitLookupPlan());

        var created = await client.TryStartAsync(id, input, cancellationToken);
        if (created)
        {
            RecordStarted(provider, model);
            logger.LogInformation("Recorded rejected generation {GenerationId}: {ErrorCode} {ErrorMessage}", id, rejection.Code, rejection.Message);
        }
        return new StartOutcome(id, created, ValidationResult.Valid);
    }

    /// <summary>Data-URI images are stored once and travel as references, so the durable history, the journal and every
    /// status read stay small however large the inputs were; they become data again at submit.</summary>
    async Task<GenerationRequest> StoreImageDataAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        if (inputImages is null) return request;
        var image = request.Image is { } source ? await StoredInputImages.StoreIfDataAsync(inputImages, source, cancellationToken) : null;
        List<string>? references = null;
        if (request.ReferenceImages is { } refs)
        {
            references = new List<string>(refs.Count);
            foreach (var reference in refs) references.Add(await StoredInputImages.StoreIfDataAsync(inputImages, reference, cancellationToken));
        }
        return request with { Image = image, ReferenceImages = references };
    }

    /// <summary>Each candidate is polled at its own provider's pace after a failover, so each gets its plan now.</summary>
    async Task<RoutingDecision> WithPollingPlansAsync(RoutingDecision routing, CancellationToken cancellationToken)
    {
        var candidates = new List<ProviderCandidate>(routing.Candidates.Count);
        foreach (var candidate in routing.Candidates)
            candidates.Add(candidate with { Polling = await PollingPlanAsync(candidate.Provider, candidate.Model, cancellationToken) });
        return routing with { Candidates = candidates };
    }

    /// <summary>Learned from the provider and model's recent latencies when learning is registered and has enough history.</summary>
    async Task<PollingPlan> PollingPlanAsync(string provider, string model, CancellationToken cancellationToken) =>
        adaptivePolling is null ? polling.Value.For(provider) : await adaptivePolling.ForAsync(provider, model, cancellationToken);

    /// <summary>Every generation created counts once, rejected ones too: each also ends once (<see cref="PipelineMetrics.GenerationsEnded"/>).</summary>
    static void RecordStarted(string provider, string model) =>
        PipelineMetrics.GenerationsStarted.Add(1,
            PipelineMetrics.Tag(PipelineTelemetry.ProviderTag, provider),
            PipelineMetrics.Tag(PipelineTelemetry.ModelTag, model));

    /// <summary>The plan is in the log so an operator can see what was learned (and from how many jobs).</summary>
    void LogStarted(string id, string provider, string model, PollingPlan plan)
    {
        if (plan.LearnedFrom is { } samples)
        {
            logger.LogInformation("Started generation {GenerationId} on {Provider} model {Model}; first status read after {FirstPollAfter}, then every {PollInterval} " +
                "for {DenseLooks} reads, then every {TailInterval} (polling learned from {LatencySamples} completed jobs)",
                id, provider, model, plan.FirstPollAfter, plan.Interval, plan.DenseLooks, plan.TailInterval ?? plan.Interval, samples);
            return;
        }
        logger.LogInformation("Started generation {GenerationId} on {Provider} model {Model}; first status read after {FirstPollAfter}, then every {PollInterval} (default polling)",
            id, provider, model, plan.FirstPollAfter, plan.Interval);
    }

    Workflow.SubmitLookupPlan SubmitLookupPlan() => new(_options.SubmitLookupGrace, _options.SubmitLookupInterval);

    static bool SameRequest(GenerationRequest a, GenerationRequest b) =>
        JsonSerializer.Serialize(a, WorkflowJson.Options) == JsonSerializer.Serialize(b, WorkflowJson.Options);
}
