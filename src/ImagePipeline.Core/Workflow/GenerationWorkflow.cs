using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Routing;
using ImagePipeline.Workflow.Steps;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Workflow;

/// <summary>
/// The generation workflow, written once for both hosts: submit (once) → wait for a terminal provider state, racing a
/// durable polling timer against the provider's webhook and a cancel request, up to the job deadline → archive every
/// output → notify the caller → terminal status. Deterministic: everything it knows comes from its input and the
/// context (no clock, no randomness, no I/O here).
/// </summary>
public static class GenerationWorkflow
{
    public const string Name = "GenerationWorkflow";

    /// <summary>The archive step's retry policy (defined with the step).</summary>
    public static StepRetryPolicy ArchiveRetry => GenerationStepDefinitions.ArchiveOutput.RetryPolicy!;

    /// <summary>How far past its due time an early-fired polling timer is re-armed. Durable's Azure Storage backend hides a
    /// timer message for its delay in whole seconds, rounded down: a re-arm for the sub-second rest would be delivered at
    /// once again, one orchestration episode after another until the clock catches up. A second more is always at least
    /// one whole second, so the check comes at most a second late after one re-arm.</summary>
    public static TimeSpan EarlyTimerRearm { get; } = TimeSpan.FromSeconds(1);

    public static async Task<GenerationOutcome> RunAsync(IWorkflowContext context, GenerationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(context, input);
        return await run.ExecuteAsync();
    }

    /// <summary>One execution's state; a class so the steps of the algorithm read top to bottom.</summary>
    sealed class Run(IWorkflowContext context, GenerationWorkflowInput input)
    {
        readonly ILogger _logger = context.CreateReplaySafeLogger(typeof(GenerationWorkflow).FullName!);
        readonly int _expectedOutputs = input.Request.NumberOfImages ?? 1;
        readonly Dictionary<string, ProviderOutput> _callbackOutputs = new(StringComparer.Ordinal);
        GenerationProgress _progress = new() { Status = GenerationStatus.Queued };
        // Where progress events go and the last one sent, handed from check to check (data only: no step, timer or wait
        // is added, so histories recorded before progress events replay unchanged).
        ProgressEventsInput? _progressEvents = WebhookEventNames.Wants(input.Request, WebhookEventNames.Progress)
            ? new ProgressEventsInput(input.Request.CallbackUrl!, null)
            : null;
        ProviderCandidate _current = new(input.Provider, input.Model);
        readonly List<GenerationAttempt> _attempts = [];
        AttemptCost? _attemptCost; // the current attempt's, once known
        int _attemptIndex; // of _current in the candidates
        int _statusReads; // polled or confirming a callback; reported with the completion (metrics are recorded in steps, not on replay)

        public async Task<GenerationOutcome> ExecuteAsync()
        {
            Publish(_progress);
            if (input.Rejection is { } rejection)
            {
                _logger.LogWarning("Generation {GenerationId} was rejected before submit: {ErrorCode} {ErrorMessage}", input.GenerationId, rejection.Code, rejection.Message);
                return await FinishAsync(GenerationStatus.Failed, null, [], rejection);
            }
            var deadline = input.CreatedAt.UtcDateTime + input.JobTimeout;

            // Each candidate is one attempt, each attempt its own durable steps: a crash between two neither repeats nor
            // skips one. Instances from before routing have no candidates and run on their one provider, as they did.
            var candidates = input.Routing?.Candidates ?? [new ProviderCandidate(input.Provider, input.Model)];
            for (var index = 0; ; index++)
            {
                _current = candidates[index];
                var next = index + 1 < candidates.Count ? candidates[index + 1] : null;
                if (await RunAttemptAsync(index, next, deadline) is { } outcome) return outcome;
            }
        }

        /// <summary>One provider: submit once, wait, archive. Null when the generation moves on to <paramref name="next"/>:
        /// only after a submit the provider provably refused (nothing started), or — when the caller opted in with
        /// fallbackOnFailure — after a job the provider accepted and then failed.</summary>
        async Task<GenerationOutcome?> RunAttemptAsync(int index, ProviderCandidate? next, DateTime deadline)
        {
            _callbackOutputs.Clear();
            _attemptCost = null;
            _attemptIndex = index;
            BeginAttempt();

            var submitInput = new SubmitStepInput(input.GenerationId, input.Request, _current.Provider, _current.Model) { Attempt = index };
            var submitted = await context.CallStepAsync(GenerationStepDefinitions.Submit, submitInput);
            if (submitted.KeepLookingUp) submitted = await LookUpUnknownSubmitAsync(submitInput, submitted);
            if (submitted.Error is not null || submitted.JobId is null)
            {
                var error = submitted.Error ?? new ProviderError(ProviderErrorCodes.ProviderRejected, "The provider returned no job id.");
                if (submitted.NotStarted && next is not null && TracksAttempts)
                {
                    _logger.LogWarning("Generation {GenerationId}: {Provider} refused the submit before starting a job ({ErrorCode} {ErrorMessage}); failing over to {NextProvider}",
                        input.GenerationId, _current.Provider, error.Code, error.Message, next.Provider);
                    EndAttempt(AttemptOutcomes.Refused, null, error, AttemptCost.NotBilled);
                    return null;
                }
                _logger.LogWarning("Generation {GenerationId} was not submitted to {Provider}: {ErrorCode} {ErrorMessage}",
                    input.GenerationId, _current.Provider, error.Code, error.Message);
                _attemptCost = error.Code == ProviderErrorCodes.SubmitOutcomeUnknown ? AttemptCost.Unknown : AttemptCost.NotBilled;
                return await FinishAsync(GenerationStatus.Failed, null, [], error);
            }

            var job = new ProviderJobHandle(submitted.JobId, _current.Model, _expectedOutputs);
            _logger.LogInformation("Generation {GenerationId} submitted to {Provider} as {ProviderJobId}", input.GenerationId, _current.Provider, job.JobId);
            UpdateAttempt(job.JobId);
            Publish(_progress with { Status = GenerationStatus.Submitted, ProviderJobId = job.JobId, Percent = 5, ProviderStatus = submitted.Status?.ProviderStatus });

            var wait = await WaitForTerminalStateAsync(job, submitted.Status, deadline);
            if (wait.Outcome is { } ended) return ended;

            var status = wait.Status!;
            _attemptCost = await CostOfAsync(status);
            if (status.State != ProviderJobState.Succeeded)
            {
                var error = status.Error ?? new ProviderError(status.State == ProviderJobState.Canceled ? ProviderErrorCodes.Canceled : ProviderErrorCodes.ProviderFailed,
                    $"The provider reported {status.ProviderStatus ?? status.State.ToString()}.");
                if (status.State == ProviderJobState.Failed && next is not null && input.Request.FallbackOnFailure == true && TracksAttempts)
                {
                    _logger.LogWarning("Generation {GenerationId}: {Provider} failed job {ProviderJobId} ({ErrorCode}); trying {NextProvider} as the caller asked (fallbackOnFailure)",
                        input.GenerationId, _current.Provider, job.JobId, error.Code, next.Provider);
                    EndAttempt(AttemptOutcomes.Failed, job.JobId, error, _attemptCost);
                    return null;
                }
                return await FinishAsync(status.State == ProviderJobState.Canceled ? GenerationStatus.Canceled : GenerationStatus.Failed, job.JobId, [], error,
                    status.ProviderStatus);
            }

            return await ArchiveAndFinishAsync(job, status);
        }

        /// <summary>What the ended job cost: the provider's figure, else the price list's estimate, else unknown. A step
        /// (configuration and the spend ledger are I/O); only in instances that record attempts.</summary>
        async Task<AttemptCost?> CostOfAsync(ProviderJobStatus status)
        {
            if (!TracksAttempts) return null;
            return await context.CallStepAsync(GenerationStepDefinitions.RecordAttemptCost,
                new AttemptCostStepInput(input.GenerationId, _attemptIndex, _current.Provider, _current.Model, input.Request, status.State, status.Cost,
                    status.State == ProviderJobState.Succeeded ? status.Outputs.Count : 0));
        }

        bool TracksAttempts => input.Routing is not null;

        /// <summary>The current candidate's own polling plan (each provider has its own pace); the input's in instances
        /// from before per-candidate plans.</summary>
        PollingPlan Polling => _current.Polling ?? input.Polling;

        void BeginAttempt()
        {
            if (!TracksAttempts) return;
            _attempts.Add(new GenerationAttempt(_current.Provider, _current.Model, AttemptOutcomes.Running));
            Publish(_progress with { Provider = _current.Provider, Model = _current.Model, Attempts = [.. _attempts], ProviderJobId = null, ProviderStatus = null, Error = null });
        }

        void UpdateAttempt(string jobId)
        {
            if (!TracksAttempts) return;
            _attempts[^1] = _attempts[^1] with { ProviderJobId = jobId };
            _progress = _progress with { Attempts = [.. _attempts] };
        }

        void EndAttempt(string outcome, string? jobId, ProviderError? error, AttemptCost? cost)
        {
            if (!TracksAttempts || _attempts.Count == 0 || _attempts[^1].Outcome != AttemptOutcomes.Running) return;
            _attempts[^1] = _attempts[^1] with
            {
                Outcome = outcome,
                ProviderJobId = jobId ?? _attempts[^1].ProviderJobId,
                Error = error is null ? null : new GenerationErrorDocument(error.Code, error.Message),
                Cost = cost ?? AttemptCost.Unknown,
            };
            Publish(_progress with { Attempts = [.. _attempts] });
        }

        /// <summary>A generation that ends without a provider job id ended at the submit: refused, or of unknown fate.</summary>
        static string AttemptOutcomeOf(GenerationStatus status, ProviderError? error, string? jobId) => status switch
        {
            GenerationStatus.Completed => AttemptOutcomes.Succeeded,
            GenerationStatus.Canceled => AttemptOutcomes.Canceled,
            _ when error?.Code == ProviderErrorCodes.ProviderTimeout => AttemptOutcomes.TimedOut,
            _ when error?.Code == ProviderErrorCodes.SubmitOutcomeUnknown => AttemptOutcomes.OutcomeUnknown,
            _ when jobId is null => AttemptOutcomes.Refused,
            _ => AttemptOutcomes.Failed,
        };

        /// <summary>A submit that may have reached the provider, which does not show the job: look it up by our own id at
        /// durable intervals until the grace period (fixed in the input) ends, then end submit_outcome_unknown. Never
        /// re-sent: only the caller may start it again, deliberately, with the retry route.</summary>
        async Task<SubmitStepResult> LookUpUnknownSubmitAsync(SubmitStepInput submitInput, SubmitStepResult unknown)
        {
            var plan = input.SubmitLookup ?? new SubmitLookupPlan(TimeSpan.Zero, TimeSpan.Zero);
            var lookUpUntil = context.CurrentUtcDateTime + plan.Grace;
            var result = unknown;
            var lookups = 0;
            while (result.KeepLookingUp)
            {
                if (context.CurrentUtcDateTime >= lookUpUntil)
                {
                    return SubmitStepResult.Refused(new ProviderError(ProviderErrorCodes.SubmitOutcomeUnknown,
                        $"{result.Error?.Message} Looked up {lookups} more time(s) over {plan.Grace} without finding it. It may still run at " +
                        $"{_current.Provider}; POST /api/generations/{input.GenerationId}/retry starts it again."));
                }
                _logger.LogWarning("Generation {GenerationId}: {Provider} does not show the submit yet; looking again in {Interval}",
                    input.GenerationId, _current.Provider, plan.Interval);
                await context.CreateTimerAsync(Min(context.CurrentUtcDateTime + plan.Interval, lookUpUntil), CancellationToken.None);
                lookups++;
                result = await context.CallStepAsync(GenerationStepDefinitions.FindSubmittedJob, submitInput);
            }
            return result;
        }

        /// <summary>Races the polling timer, the provider's webhook and a cancel request until the job is terminal.</summary>
        async Task<WaitResult> WaitForTerminalStateAsync(ProviderJobHandle job, ProviderJobStatus? initial, DateTime deadline)
        {
            if (initial is { State: var initialState } && initialState.IsTerminal() && IsComplete(initial)) return new(initial, null);

            var checks = 0;
            var nextCheckAt = Min(context.CurrentUtcDateTime + Polling.WaitBefore(checks), deadline);
            var timerDueAt = nextCheckAt;
            while (true)
            {
                if (context.CurrentUtcDateTime >= deadline)
                {
                    _logger.LogWarning("Generation {GenerationId} passed its deadline waiting for {ProviderJobId}", input.GenerationId, job.JobId);
                    await TryCancelProviderJobAsync(job);
                    return new(null, await FinishAsync(GenerationStatus.Failed, job.JobId, [],
                        new ProviderError(ProviderErrorCodes.ProviderTimeout, $"The provider did not finish within {input.JobTimeout}.")));
                }

                using var stopWaiting = new CancellationTokenSource();
                var timer = context.CreateTimerAsync(timerDueAt, stopWaiting.Token);
                var cancel = context.WaitForEventAsync<CancelRequest>(WorkflowEvents.Cancel, stopWaiting.Token);
                var callback = context.WaitForEventAsync<ProviderCallbackEvent>(WorkflowEvents.ProviderCallback, stopWaiting.Token);
                var winner = await Task.WhenAny(timer, cancel, callback);
                // The losers must not fire later (Durable keeps an uncancelled timer alive until it fires). Cancel, not
                // CancelAsync: awaiting a non-durable task would resume the orchestrator outside its episode.
#pragma warning disable CA1849
                stopWaiting.Cancel();
#pragma warning restore CA1849

                if (winner == cancel)
                {
                    _logger.LogInformation("Generation {GenerationId} canceled by the caller", input.GenerationId);
                    await TryCancelProviderJobAsync(job);
                    return new(null, await FinishAsync(GenerationStatus.Canceled, job.JobId, [],
                        new ProviderError(ProviderErrorCodes.Canceled, "Canceled by the caller.")));
                }

                // Durable's Azure Storage backend delivers timers early (queue visibility delays are whole seconds, rounded
                // down); looking early would multiply status calls, so an early timer is re-armed past the due time.
                if (winner == timer && context.CurrentUtcDateTime < nextCheckAt)
                {
                    timerDueAt = Min(nextCheckAt + EarlyTimerRearm, deadline);
                    continue;
                }

                if (winner == callback)
                {
                    var hint = await callback;
                    if (!IsForThisJob(hint, job)) continue;
                    var reported = Merge(hint.Status);
                    if (!EndsTheWait(reported))
                    {
                        PublishRunning(reported);
                        continue;
                    }
                    // A webhook is unsigned: anyone holding the callback URL could claim "failed" or hand us other URLs. It
                    // only ends the wait early; the terminal state and the outputs come from the provider's own status API.
                    _logger.LogInformation("Generation {GenerationId}: {Provider} called back {State} for {ProviderJobId}; confirming with a status read",
                        input.GenerationId, _current.Provider, reported.State, job.JobId);
                }
                else
                {
                    checks++;
                    nextCheckAt = Min(context.CurrentUtcDateTime + Polling.WaitBefore(checks), deadline);
                    timerDueAt = nextCheckAt;
                }

                _statusReads++;
                var checkedStatus = await context.CallStepAsync(GenerationStepDefinitions.CheckStatus,
                    new CheckStatusStepInput(input.GenerationId, _current.Provider, job, _progressEvents) { Attempt = _attemptIndex });
                if (_progressEvents is not null && checkedStatus.ProgressSent is { } sent) _progressEvents = _progressEvents with { LastSent = sent };
                if (checkedStatus.Error is { } error)
                {
                    if (error.Retryable)
                    {
                        // Look again at the next timer, until the deadline; no sooner than the provider asked (the
                        // plan's next look may already be due: the check itself waited out retries).
                        if (error.RetryAfter is { } wait && context.CurrentUtcDateTime + wait > nextCheckAt)
                        {
                            nextCheckAt = Min(context.CurrentUtcDateTime + wait, deadline);
                            timerDueAt = nextCheckAt;
                        }
                        continue;
                    }
                    return new(null, await FinishAsync(GenerationStatus.Failed, job.JobId, [], error));
                }
                var status = checkedStatus.Status!;
                if (EndsTheWait(status)) return new(status, null);
                PublishRunning(status);
            }
        }

        /// <summary>The callback route already refuses other jobs' callbacks once the job id is recorded; this catches those
        /// that arrived before it was (taken as hints then) and any raised on another provider's behalf.</summary>
        bool IsForThisJob(ProviderCallbackEvent hint, ProviderJobHandle job)
        {
            if (string.Equals(hint.Provider, _current.Provider, StringComparison.OrdinalIgnoreCase)
                && (hint.JobId is null || string.Equals(hint.JobId, job.JobId, StringComparison.Ordinal)))
            {
                return true;
            }
            _logger.LogWarning("Generation {GenerationId} ignored a {CallbackProvider} callback for job {CallbackJobId}; it waits for {Provider} job {ProviderJobId}",
                input.GenerationId, hint.Provider, hint.JobId, _current.Provider, job.JobId);
            return false;
        }

        bool EndsTheWait(ProviderJobStatus status) => status.State.IsTerminal() && IsComplete(status);

        void PublishRunning(ProviderJobStatus status) =>
            Publish(_progress with
            {
                Status = GenerationStatus.Running,
                ProviderStatus = status.ProviderStatus,
                Percent = RunningProgress.Percent(status, _progress.Percent),
            });

        /// <summary>Webhooks may carry one result each (Runware) and arrive twice: merge outputs by id, so the last result's
        /// delivery is the one that ends the wait (and triggers the confirming read).</summary>
        ProviderJobStatus Merge(ProviderJobStatus delivered)
        {
            if (delivered.State != ProviderJobState.Succeeded) return delivered;
            foreach (var output in delivered.Outputs) _callbackOutputs.TryAdd(output.Id ?? output.Url, output);
            return delivered with { Outputs = [.. _callbackOutputs.Values] };
        }

        bool IsComplete(ProviderJobStatus status) => status.Outputs.Count >= _expectedOutputs || status.State != ProviderJobState.Succeeded;

        async Task<GenerationOutcome> ArchiveAndFinishAsync(ProviderJobHandle job, ProviderJobStatus status)
        {
            Publish(_progress with { Status = GenerationStatus.Archiving, Percent = 90, ProviderStatus = status.ProviderStatus });
            var archives = status.Outputs
                .Select((output, index) => context.CallStepAsync(GenerationStepDefinitions.ArchiveOutput,
                    new ArchiveStepInput(input.GenerationId, _current.Provider, index, output, input.CreatedAt)))
                .ToList();

            ArchiveStepResult[] results;
            try
            {
                results = await Task.WhenAll(archives);
            }
            catch (WorkflowStepFailedException ex)
            {
                return await FinishAsync(GenerationStatus.Failed, job.JobId, [],
                    new ProviderError(ex.ErrorCode ?? ProviderErrorCodes.ArchiveFailed, $"Copying an output to storage failed: {ex.Message}"), status.ProviderStatus);
            }

            var outputs = results.Where(r => r.Output is not null).Select(r => r.Output!).ToList();
            if (results.FirstOrDefault(r => r.Error is not null)?.Error is { } archiveError)
                return await FinishAsync(GenerationStatus.Failed, job.JobId, outputs, archiveError, status.ProviderStatus);

            return await FinishAsync(GenerationStatus.Completed, job.JobId, outputs, null, status.ProviderStatus);
        }

        async Task TryCancelProviderJobAsync(ProviderJobHandle job)
        {
            try
            {
                await context.CallStepAsync(GenerationStepDefinitions.CancelProviderJob,
                    new CancelProviderJobStepInput(input.GenerationId, _current.Provider, job));
            }
            catch (WorkflowStepFailedException ex)
            {
                // Best effort: the generation ends either way; the provider job may still run and bill.
                _logger.LogWarning("Could not cancel provider job {ProviderJobId} of {GenerationId}: {Reason}", job.JobId, input.GenerationId, ex.Message);
            }
        }

        /// <param name="providerStatus">The provider's last word when the provider ended the job; null when the pipeline
        /// ended it (rejected, canceled, timed out), so the final progress never shows a stale "queued".</param>
        async Task<GenerationOutcome> FinishAsync(GenerationStatus status, string? jobId, IReadOnlyList<ArchivedOutput> outputs, ProviderError? error,
            string? providerStatus = null)
        {
            EndAttempt(AttemptOutcomeOf(status, error, jobId), jobId, error, _attemptCost);
            var outcome = new GenerationOutcome
            {
                Status = status,
                ProviderJobId = jobId,
                Outputs = outputs,
                Error = error,
                CompletedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero),
                Provider = TracksAttempts ? _current.Provider : null,
                Model = TracksAttempts ? _current.Model : null,
                Attempts = TracksAttempts ? [.. _attempts] : null,
            };

            if (input.Request.CallbackUrl is { } callbackUrl)
            {
                Publish(_progress with { Status = GenerationStatus.Notifying, ProviderJobId = jobId, Outputs = outputs, Error = error });
                var notification = await context.CallStepAsync(GenerationStepDefinitions.Notify,
                    new NotifyStepInput(input.GenerationId, callbackUrl, GenerationStatusDocumentFactory.Create(input, outcome)));
                outcome = outcome with { Notification = notification };
            }

            await TryPublishCompletionAsync(outcome);

            Publish(_progress with
            {
                Status = status,
                ProviderJobId = jobId,
                Outputs = outputs,
                Error = error,
                // Ended, whichever way: nothing more will happen.
                Percent = 100,
                ProviderStatus = providerStatus,
            });
            _logger.LogInformation("Generation {GenerationId} ended {Status} with {OutputCount} output(s)", input.GenerationId, status, outputs.Count);
            return outcome;
        }

        async Task TryPublishCompletionAsync(GenerationOutcome outcome)
        {
            try
            {
                await context.CallStepAsync(GenerationStepDefinitions.PublishCompletion,
                    new PublishCompletionStepInput(input.GenerationId, GenerationStatusDocumentFactory.Create(input, outcome), _statusReads));
            }
            catch (WorkflowStepFailedException ex)
            {
                _logger.LogWarning("Completion event of {GenerationId} could not be published: {Reason}", input.GenerationId, ex.Message);
            }
        }

        void Publish(GenerationProgress progress)
        {
            _progress = progress with { UpdatedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero) };
            context.SetCustomStatus(_progress);
        }

        static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    }

    sealed record WaitResult(ProviderJobStatus? Status, GenerationOutcome? Outcome);
}
