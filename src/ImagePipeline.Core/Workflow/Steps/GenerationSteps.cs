using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImagePipeline.Diagnostics;
using ImagePipeline.Generation;
using ImagePipeline.Notifications;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Routing;
using ImagePipeline.Security;
using ImagePipeline.Serialization;
using ImagePipeline.Storage;
using ImagePipeline.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workflow.Steps;

/// <summary>
/// The workflow's steps (activities): all the I/O of a generation. Each method is what one Functions activity calls
/// and what the standalone runtime dispatches, both from <see cref="GenerationStepDefinitions"/>. Expected failures come back as
/// data; only faults worth retrying the step for are thrown.
/// </summary>
public sealed class GenerationSteps(
    IImageProviderRegistry providers,
    IOutputStore outputStore,
    ICallerWebhookNotifier notifier,
    CallbackTokenService callbackTokens,
    ISubmissionLedger ledger,
    IEnumerable<IInputImageResolver> inputResolvers,
    IEnumerable<ICompletionPublisher> completionPublishers,
    IOptions<PipelineOptions> options,
    ILogger<GenerationSteps> logger,
    IProviderLatencyStore? latencies = null,
    TimeProvider? timeProvider = null,
    IWebhookEventQueue? webhookEvents = null,
    IProviderPriceList? prices = null,
    IProviderSpendLedger? spend = null,
    IProviderBudgets? budgets = null)
{
    readonly IInputImageResolver[] _inputResolvers = [.. inputResolvers];
    readonly ICompletionPublisher[] _completionPublishers = [.. completionPublishers];

    /// <summary>Submits exactly once. A repeated run of this step (the host died before recording its result) finds
    /// the earlier attempt in the ledger and never sends a second billable job: it looks the job up instead, and the
    /// workflow keeps looking (<see cref="SubmitStepResult.KeepLookingUp"/>) while the provider does not show it.</summary>
    public async Task<SubmitStepResult> SubmitAsync(SubmitStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = await SubmitOnceAsync(input, cancellationToken);
        AnnounceStarted(input, result);
        return result;
    }

    async Task<SubmitStepResult> SubmitOnceAsync(SubmitStepInput input, CancellationToken cancellationToken)
    {
        using var timing = PipelineTelemetry.StartStep(GenerationStepNames.Submit, input.GenerationId, input.Provider);
        var provider = providers.Get(input.Provider);
        var callbackUrl = provider.SupportsCallbacks && options.Value.PublicBaseUrl is { } publicBaseUrl
            ? callbackTokens.BuildCallbackUrl(publicBaseUrl, provider.Name, input.GenerationId)
            : null;
        GenerationRequest resolved;
        try
        {
            resolved = await ResolveInputsAsync(provider, input, cancellationToken);
        }
        catch (ProviderException ex)
        {
            logger.LogWarning("Inputs of {GenerationId} cannot be handed to {Provider}: {Message}", input.GenerationId, provider.Name, ex.Message);
            return SubmitStepResult.Refused(ex.ToError());
        }
        // Each attempt has its own key (the generation id for the first): ledger entries and provider-side ids
        // (Runware's taskUUID) of a failover never collide with the first attempt's.
        var request = new ProviderJobRequest(input.AttemptKey, resolved, input.Model, callbackUrl);

        var earlier = await ledger.TryBeginAsync(input.AttemptKey, cancellationToken);
        if (earlier is not null)
        {
            if (earlier.ProviderJobId is { } knownJobId)
            {
                logger.LogInformation("Generation {GenerationId} was already submitted as {ProviderJobId}; not submitting again", input.AttemptKey, knownJobId);
                return SubmitStepResult.Accepted(knownJobId, null);
            }
            logger.LogWarning("Generation {GenerationId} has an earlier submit of unknown outcome; looking it up instead of re-sending", input.AttemptKey);
            return await LookUpAsync(provider, request, "An earlier submit attempt ended without a recorded reply.", cancellationToken);
        }

        // Checked at the submit too, not only when the generation was accepted: a failover may reach a provider whose
        // budget was spent meanwhile.
        if (budgets is not null && await budgets.ExhaustedAsync(provider.Name, cancellationToken) is { } spent)
        {
            await ledger.AbandonAsync(input.AttemptKey, CancellationToken.None);
            logger.LogWarning("Generation {GenerationId} was not submitted to {Provider}: {BudgetState}", input.GenerationId, provider.Name, spent);
            return SubmitStepResult.RefusedBeforeStart(new ProviderError(ProviderErrorCodes.BudgetExhausted, $"{spent} Nothing was submitted."));
        }

        return await SendAsync(provider, request, cancellationToken);
    }

    /// <summary>Looks up a submit of unknown fate once more (the workflow calls this at durable intervals during the
    /// grace period). Never sends anything but the lookup.</summary>
    public async Task<SubmitStepResult> FindSubmittedJobAsync(SubmitStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var timing = PipelineTelemetry.StartStep(GenerationStepNames.FindSubmittedJob, input.GenerationId, input.Provider);
        var provider = providers.Get(input.Provider);
        // The lookup needs our id and the expected output count only; stored inputs are not resolved for it.
        var request = new ProviderJobRequest(input.AttemptKey, input.Request, input.Model);
        var result = await LookUpAsync(provider, request, "The submit has had no recorded reply.", cancellationToken);
        AnnounceStarted(input, result);
        return result;
    }

    /// <summary>Queues the <c>started</c> event once the provider's job id is known. Sent from inside the submit steps, so
    /// the workflow's history is what it was; a repeated step repeats it with the same <c>webhook-id</c> (at least once).</summary>
    void AnnounceStarted(SubmitStepInput input, SubmitStepResult result)
    {
        if (webhookEvents is null || result is not { JobId: { } jobId, Error: null, KeepLookingUp: false }
            || !WebhookEventNames.Wants(input.Request, WebhookEventNames.Started))
        {
            return;
        }
        var document = new GenerationEventDocument
        {
            Event = WebhookEventNames.Started,
            Id = input.GenerationId,
            Status = GenerationStatus.Submitted,
            Provider = input.Provider,
            Model = input.Model,
            ProviderJobId = jobId,
            UpdatedAt = Now,
            // As the status document shows a fresh submit (the workflow's "submitted" progress).
            Progress = new(5, result.Status?.ProviderStatus),
            Metadata = input.Request.Metadata,
        };
        webhookEvents.TryEnqueue(new WebhookEventDelivery(input.GenerationId, new Uri(input.Request.CallbackUrl!),
            WebhookMessageIds.For(input.GenerationId, WebhookEventNames.Started), document));
    }

    DateTimeOffset Now => (timeProvider ?? TimeProvider.System).GetUtcNow();

    /// <summary>Internal input references (dropped blobs, inbox files) become a short-lived URL or the bytes, whichever
    /// the provider takes; they are resolved here, at submit time, so images never enter the durable history.</summary>
    async Task<GenerationRequest> ResolveInputsAsync(IImageProvider provider, SubmitStepInput input, CancellationToken cancellationToken)
    {
        var request = input.Request;
        if (_inputResolvers.Length == 0 || (!StoredInputReference.IsReference(request.Image) && !(request.ReferenceImages ?? []).Any(StoredInputReference.IsReference)))
            return request;

        var model = provider.Capabilities.FindModel(input.Model);
        var image = request.Image is { } source ? await ResolveAsync(source, model?.SourceImage ?? ImageInputForms.None, cancellationToken) : null;
        List<string>? references = null;
        if (request.ReferenceImages is { } refs)
        {
            references = [];
            foreach (var reference in refs) references.Add(await ResolveAsync(reference, model?.ReferenceImages ?? ImageInputForms.None, cancellationToken));
        }
        return request with { Image = image, ReferenceImages = references };
    }

    async Task<string> ResolveAsync(string image, ImageInputForms accepted, CancellationToken cancellationToken)
    {
        var resolver = _inputResolvers.FirstOrDefault(r => r.CanResolve(image));
        return resolver is null ? image : await resolver.ResolveAsync(image, accepted, cancellationToken);
    }

    async Task<SubmitStepResult> SendAsync(IImageProvider provider, ProviderJobRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var submission = await provider.SubmitAsync(request, cancellationToken);
            await ledger.CompleteAsync(request.GenerationId, submission.JobId, CancellationToken.None);
            return SubmitStepResult.Accepted(submission.JobId, submission.Status);
        }
        catch (SubmitOutcomeUnknownException ex)
        {
            logger.LogWarning("Submit of {GenerationId} to {Provider} has an unknown outcome: {Message}", request.GenerationId, provider.Name, ex.Message);
            return await LookUpAsync(provider, request, ex.Message, cancellationToken);
        }
        catch (ProviderException ex)
        {
            // Refused (4xx, 429 after retries) or never reached: the provider has no job, so the ledger may forget it.
            await ledger.AbandonAsync(request.GenerationId, CancellationToken.None);
            logger.LogWarning("Submit of {GenerationId} to {Provider} refused: {ErrorCode} {ProviderMessage}", request.GenerationId, provider.Name, ex.ErrorCode, ex.ProviderMessage ?? ex.Message);
            return ProvablyNotStarted(ex) ? SubmitStepResult.RefusedBeforeStart(ex.ToError()) : SubmitStepResult.Refused(ex.ToError());
        }
    }

    /// <summary>Refusals that prove the provider started no job, so another provider may be tried: a 429, a connection
    /// never made (refused, DNS), an open circuit, or a 4xx answer to the submit itself (validation 400, 401, 402, 403,
    /// 406, and 413/422, which refuse the parameters as 400 does). Anything else — a timeout or 5xx after sending — is
    /// ambiguous and was already turned into <see cref="SubmitOutcomeUnknownException"/>.</summary>
    static bool ProvablyNotStarted(ProviderException error) =>
        error is ProviderNotReachedException or ProviderRateLimitedException or ProviderCircuitOpenException
        || error.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.PaymentRequired
            or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotAcceptable or System.Net.HttpStatusCode.RequestEntityTooLarge
            or System.Net.HttpStatusCode.UnprocessableEntity or System.Net.HttpStatusCode.TooManyRequests;

    /// <summary>What an attempt whose job ended cost: the provider's own figure, else the configured price of what it
    /// delivered (estimated), else unknown — never a made-up number. Counted once per attempt in the spend ledger that
    /// the daily budgets read.</summary>
    public async Task<AttemptCost> RecordAttemptCostAsync(AttemptCostStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var price = prices?.PricePerImage(input.Provider, input.Model, input.Request);
        var cost = AttemptCosts.Of(input.EndedIn, input.Reported, price, input.Images);
        if (cost.Usd is > 0m and var usd && spend is not null)
            await spend.RecordAsync(input.Provider, AttemptKeys.For(input.GenerationId, input.Attempt), usd, Now, cancellationToken);
        logger.LogInformation("Generation {GenerationId} attempt {Attempt} on {Provider} cost {CostUsd} USD ({CostBasis})",
            input.GenerationId, input.Attempt + 1, input.Provider, cost.Usd, cost.Basis);
        return cost;
    }

    /// <summary>Where the provider can look a job up by our own id (Runware taskUUID), do that; else fail distinctly.
    /// "Not found" is no proof that nothing was started (a provider may register the task only when it answers the
    /// submit), so it never leads to a second submit: the workflow looks again until its grace period ends.</summary>
    async Task<SubmitStepResult> LookUpAsync(IImageProvider provider, ProviderJobRequest request, string reason, CancellationToken cancellationToken)
    {
        ProviderJobStatus? found;
        try
        {
            found = await provider.FindSubmittedJobAsync(request, cancellationToken);
        }
        catch (NotSupportedException)
        {
            return SubmitStepResult.Refused(new ProviderError(ProviderErrorCodes.SubmitOutcomeUnknown,
                $"{reason} {provider.Name} cannot look a job up by our id, so it was not re-sent (that could start a second billable job)."));
        }
        catch (ProviderException ex) when (ex.IsTransient)
        {
            logger.LogWarning("Looking up the submit of {GenerationId} at {Provider} failed: {Message}", request.GenerationId, provider.Name, ex.Message);
            return SubmitStepResult.StillUnknown(new ProviderError(ProviderErrorCodes.SubmitOutcomeUnknown,
                $"{reason} Looking the job up at {provider.Name} failed ({ex.Message}); it was not re-sent."));
        }
        catch (ProviderException ex)
        {
            return SubmitStepResult.Refused(new ProviderError(ProviderErrorCodes.SubmitOutcomeUnknown,
                $"{reason} Looking the job up at {provider.Name} failed too ({ex.Message}); it was not re-sent."));
        }

        if (found is not null)
        {
            logger.LogInformation("Found the submitted job {ProviderJobId} of {GenerationId} at {Provider}", found.JobId, request.GenerationId, provider.Name);
            await ledger.CompleteAsync(request.GenerationId, found.JobId, CancellationToken.None);
            return SubmitStepResult.Accepted(found.JobId, found);
        }

        logger.LogInformation("{Provider} does not show the submit of {GenerationId} (yet); it is not re-sent", provider.Name, request.GenerationId);
        return SubmitStepResult.StillUnknown(new ProviderError(ProviderErrorCodes.SubmitOutcomeUnknown,
            $"{reason} {provider.Name} does not know the job by our id; it was not re-sent (it may still have been started)."));
    }

    /// <summary>Reads the job's status. Transient trouble is reported as retryable so the workflow looks again at its next timer.</summary>
    public async Task<CheckStatusStepResult> CheckStatusAsync(CheckStatusStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var timing = PipelineTelemetry.StartStep(GenerationStepNames.CheckStatus, input.GenerationId, input.Provider);
        try
        {
            var status = await providers.Get(input.Provider).GetStatusAsync(input.Job, cancellationToken);
            if (status.State == ProviderJobState.Succeeded && status.Outputs.Count >= input.Job.ExpectedOutputs) await TryRecordLatencyAsync(input, cancellationToken);
            return new(status, null, AnnounceProgress(input, status));
        }
        catch (ProviderException ex)
        {
            logger.LogWarning("Status check of {ProviderJobId} for {GenerationId} failed: {ErrorCode} {Message}", input.Job.JobId, input.GenerationId, ex.ErrorCode, ex.Message);
            return new(null, ex.ToError());
        }
    }

    /// <summary>Queues a <c>progress</c> event when the caller asked for them and the throttle lets it through. Sent from
    /// inside the existing check step (the workflow only carries the returned mark to the next check), so no step, timer
    /// or wait is added to the history; the provider's own webhooks only wake the wait and send none.</summary>
    ProgressEventMark? AnnounceProgress(CheckStatusStepInput input, ProviderJobStatus status)
    {
        // A terminal state is the completion's to report (or, with outputs still missing, changes nothing to show).
        if (webhookEvents is null || input.ProgressEvents is not { } wanted || status.State.IsTerminal()) return null;
        var percent = RunningProgress.Percent(status, wanted.LastSent?.Percent ?? 0);
        var mark = ProgressEventThrottle.Next(wanted.LastSent, percent, status.ProviderStatus, Now, options.Value.ProgressWebhookInterval);
        if (mark is null) return null;
        var document = new GenerationEventDocument
        {
            Event = WebhookEventNames.Progress,
            Id = input.GenerationId,
            Status = GenerationStatus.Running,
            Provider = input.Provider,
            Model = input.Job.Model,
            ProviderJobId = input.Job.JobId,
            UpdatedAt = mark.SentAt,
            Progress = new(percent, status.ProviderStatus),
        };
        var messageId = WebhookMessageIds.For(input.GenerationId, string.Create(CultureInfo.InvariantCulture, $"{WebhookEventNames.Progress}-{mark.Sequence}"));
        return webhookEvents.TryEnqueue(new WebhookEventDelivery(input.GenerationId, new Uri(wanted.CallbackUrl), messageId, document)) ? mark : null;
    }

    /// <summary>Teaches the next generations' polling plans (<see cref="AdaptivePollingPlans"/>) how long this provider and
    /// model took: from the submit's start (in the ledger) to the read that saw the job done. Recorded here, inside the
    /// existing step, so the workflow's steps stay what they were; a lost sample only costs what it would have taught.</summary>
    async Task TryRecordLatencyAsync(CheckStatusStepInput input, CancellationToken cancellationToken)
    {
        // The ledger is read only when someone learns from it or listens to the latency metric.
        if (timeProvider is null || (latencies is null && !PipelineMetrics.ProviderLatency.Enabled)) return;
        try
        {
            if (await ledger.FindAsync(AttemptKeys.For(input.GenerationId, input.Attempt), cancellationToken) is not { } submitted || submitted.StartedAt == DateTimeOffset.MinValue) return;
            var latency = timeProvider.GetUtcNow() - submitted.StartedAt;
            if (latency <= TimeSpan.Zero) return;
            PipelineMetrics.ProviderLatency.Record(latency.TotalSeconds,
                PipelineMetrics.Tag(PipelineTelemetry.ProviderTag, input.Provider), PipelineMetrics.Tag(PipelineTelemetry.ModelTag, input.Job.Model));
            if (latencies is not null) await latencies.RecordAsync(input.Provider, input.Job.Model, latency, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Azure.RequestFailedException or System.Text.Json.JsonException)
        {
            logger.LogWarning(ex, "Latency of {GenerationId} on {Provider} was not recorded", input.GenerationId, input.Provider);
        }
    }

    /// <summary>Streams one output from the provider into storage under its deterministic name.</summary>
    public async Task<ArchiveStepResult> ArchiveOutputAsync(ArchiveStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var timing = PipelineTelemetry.StartStep(GenerationStepNames.ArchiveOutput, input.GenerationId, input.Provider);
        try
        {
            await using var download = await providers.Get(input.Provider).DownloadAsync(input.Output, cancellationToken);
            var stored = await outputStore.SaveAsync(
                new OutputWrite(input.GenerationId, input.Index, input.CreatedAt, download.ContentType ?? input.Output.ContentType, null),
                download.Content, cancellationToken);
            timing.Activity?.SetTag(PipelineTelemetry.BytesTag, stored.Bytes);
            PipelineMetrics.BytesArchived.Add(stored.Bytes, PipelineMetrics.Tag(PipelineTelemetry.ProviderTag, input.Provider));
            logger.LogInformation("Archived output {Index} of {GenerationId} to {Uri} ({Bytes} bytes)", input.Index, input.GenerationId, stored.Uri, stored.Bytes);
            return new(new ArchivedOutput(stored.Uri, stored.ContentType, stored.Bytes, stored.Sha256, stored.Width, stored.Height), null);
        }
        catch (ProviderException ex) when (!ex.IsTransient)
        {
            return new(null, ex.ToError());
        }
        catch (Exception ex) when (ex is OutboundRequestRefusedException || ex.InnerException is OutboundRequestRefusedException)
        {
            // Past the guard's size cap (or time) mid-copy: final, and the caller learns no more than that.
            logger.LogWarning("Output {Index} of {GenerationId} refused by the outbound policy: {Reason}", input.Index, input.GenerationId,
                (ex as OutboundRequestRefusedException ?? ex.InnerException)!.Message);
            return new(null, new ProviderError(ProviderErrorCodes.ProviderFailed, $"An output was {OutboundRequestRefusedException.PublicReason}.", false));
        }
    }

    /// <summary>Delivers the final status to the caller's webhook. Never fails the generation: the result is recorded.</summary>
    public async Task<NotificationSummary> NotifyAsync(NotifyStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var timing = PipelineTelemetry.StartStep(GenerationStepNames.Notify, input.GenerationId, null);
        var messageId = WebhookMessageIds.For(input.GenerationId, input.FinalStatus.Status.ToString().ToLowerInvariant());
        var result = await notifier.NotifyAsync(new Uri(input.CallbackUrl), messageId, CompletedEventBody(CallerFacing(input.FinalStatus)), cancellationToken);
        return new NotificationSummary(result.Delivered, result.Attempts, result.LastStatusCode, result.Error);
    }

    /// <summary>The final status document with <c>"event": "completed"</c> first, as every caller webhook names its event.</summary>
    static JsonObject CompletedEventBody(GenerationStatusDocument finalStatus)
    {
        var body = JsonSerializer.SerializeToNode(finalStatus, WorkflowJson.Options)!.AsObject();
        body.Insert(0, "event", WebhookEventNames.Completed);
        return body;
    }

    /// <summary>Publishes the terminal status to every configured completion channel. Throws when one fails, so the
    /// step's retry policy applies; the workflow does not fail a finished generation over it.</summary>
    public async Task<bool> PublishCompletionAsync(PublishCompletionStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var timing = PipelineTelemetry.StartStep(GenerationStepNames.PublishCompletion, input.GenerationId, null);
        RecordEnded(input);
        var finalStatus = CallerFacing(input.FinalStatus);
        foreach (var publisher in _completionPublishers) await publisher.PublishAsync(finalStatus, cancellationToken);
        return _completionPublishers.Length > 0;
    }

    /// <summary>Output links as the status route gives them: absolute under the public base URL, which is configuration
    /// and so stays out of the workflow (the document it built carries relative ones).</summary>
    GenerationStatusDocument CallerFacing(GenerationStatusDocument document) => OutputLinks.Apply(document, options.Value.PublicBaseUrl);

    /// <summary>Every generation ends through this step, once (the workflow runs it whatever the outcome). Only a
    /// completion channel failing makes it run again, and count the generation again.</summary>
    static void RecordEnded(PublishCompletionStepInput input)
    {
        var provider = PipelineMetrics.Tag(PipelineTelemetry.ProviderTag, input.FinalStatus.Provider);
        var outcome = PipelineMetrics.Tag(PipelineTelemetry.OutcomeTag, input.FinalStatus.Status.ToString().ToLowerInvariant());
        PipelineMetrics.GenerationsEnded.Add(1, provider, outcome);
        PipelineMetrics.StatusReads.Record(input.StatusReads, provider, outcome);
    }

    /// <summary>Cancels the provider job where the provider can; false where it cannot.</summary>
    public async Task<bool> CancelProviderJobAsync(CancelProviderJobStepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var timing = PipelineTelemetry.StartStep(GenerationStepNames.CancelProviderJob, input.GenerationId, input.Provider);
        try
        {
            return await providers.Get(input.Provider).CancelAsync(input.Job, cancellationToken);
        }
        catch (ProviderException ex)
        {
            logger.LogWarning("Cancelling {ProviderJobId} at {Provider} failed: {Message}", input.Job.JobId, input.Provider, ex.Message);
            return false;
        }
    }
}
