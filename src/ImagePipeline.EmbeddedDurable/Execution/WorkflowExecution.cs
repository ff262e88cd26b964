using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>
/// The in-memory, deterministic side of one instance: runs the workflow delegate on the instance's synchronization
/// context, numbers every durable action it issues, matches those against the journal while replaying, and applies
/// journaled outcomes. It does no I/O: the instance runner journals what it produces and feeds it what happened.
/// </summary>
internal sealed class WorkflowExecution : IWorkflowContext
{
    readonly Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> _workflow;
    readonly GenerationWorkflowInput _input;
    readonly ILoggerFactory _loggerFactory;
    readonly WorkflowSynchronizationContext _sync;
    readonly Action<TimerAction> _onTimerCanceled;
    readonly List<JournalRecordKind> _issuedKinds = [];
    readonly Dictionary<int, PendingAction> _pending = [];
    Dictionary<string, LinkedList<EventWaitAction>>? _waiters;
    Dictionary<string, Queue<JsonElement?>>? _bufferedEvents;
    IReadOnlyList<JournalRecord> _replayActions = [];
    int _replayActionIndex;
    int _replayInboundRemaining;
    List<JournalRecord> _newRecords = [];
    List<StepAction> _stepsToDispatch = [];
    List<TimerAction> _timersToArm = [];
    DateTimeOffset _now;

    public WorkflowExecution(
        string instanceId,
        GenerationWorkflowInput input,
        DateTimeOffset createdAt,
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow,
        ILoggerFactory loggerFactory,
        Action onPostedFromOutside,
        Action<TimerAction> onTimerCanceled)
    {
        InstanceId = instanceId;
        _input = input;
        _now = createdAt;
        _workflow = workflow;
        _loggerFactory = loggerFactory;
        _sync = new WorkflowSynchronizationContext(onPostedFromOutside);
        _onTimerCanceled = onTimerCanceled;
    }

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime => _now.UtcDateTime;

    /// <summary>True until every journaled action has been re-issued and every journaled outcome re-delivered.</summary>
    public bool IsReplaying => _replayInboundRemaining > 0 || _replayActionIndex < _replayActions.Count;

    public Task<object?>? WorkflowTask { get; private set; }

    /// <summary>Why the instance must end Failed without its workflow finishing (non-determinism).</summary>
    public string? AbortReason { get; private set; }

    public JsonElement? CustomStatus { get; private set; }

    public string? CustomStatusText { get; private set; }

    public bool IsFinished => AbortReason is not null || WorkflowTask is { IsCompleted: true };

    // ---- Driven by the instance runner ----

    /// <summary>Runs the workflow from the start. With a journal, the first <paramref name="replayInboundCount"/>
    /// outcomes applied next are replayed and the issued actions must match <paramref name="replayActions"/>.</summary>
    public void Start(IReadOnlyList<JournalRecord> replayActions, int replayInboundCount)
    {
        _replayActions = replayActions;
        _replayInboundRemaining = replayInboundCount;
        Run(() =>
        {
            try
            {
                WorkflowTask = _workflow(this, _input)
                    ?? Task.FromException<object?>(new InvalidOperationException("The workflow returned no task."));
            }
            catch (Exception ex)
            {
                WorkflowTask = Task.FromException<object?>(ex);
            }
        });
    }

    /// <summary>Delivers a journaled outcome and runs the workflow until it waits again.</summary>
    public void Apply(JournalRecord record)
    {
        if (_replayInboundRemaining > 0)
        {
            _replayInboundRemaining--;
        }

        if (AbortReason is not null)
        {
            return;
        }

        _now = record.At;
        switch (record.Kind)
        {
            case JournalRecordKind.StepCompleted or JournalRecordKind.StepFailed:
                if (!WasIssued(record.Seq, JournalRecordKind.StepScheduled))
                {
                    Diverge($"the journal has an outcome for step '{record.Name}' as action #{record.Seq}, which the workflow did not issue");
                }
                else if (_pending.Remove(record.Seq!.Value, out var action) && action is StepAction step)
                {
                    Run(() => step.Complete(StepOutcome.FromRecord(record)));
                }

                break;
            case JournalRecordKind.TimerFired:
                if (!WasIssued(record.Seq, JournalRecordKind.TimerCreated))
                {
                    Diverge($"the journal has a fired timer as action #{record.Seq}, which the workflow did not create");
                }
                else if (_pending.Remove(record.Seq!.Value, out var action) && action is TimerAction timer)
                {
                    // A timer cancelled before its fire record was applied stays cancelled (same on replay).
                    timer.StopWatchingCancellation();
                    Run(timer.Fire);
                }

                break;
            case JournalRecordKind.EventRaised:
                Run(() => DeliverEvent(record.Name ?? "", record.Data));
                break;
            default:
                throw new ArgumentException($"{record.Kind} is not an outcome.", nameof(record));
        }
    }

    /// <summary>Called once every journaled outcome was applied: journaled actions left over mean the code changed.</summary>
    public void EndReplay()
    {
        if (AbortReason is null && _replayActionIndex < _replayActions.Count)
        {
            var next = _replayActions[_replayActionIndex];
            Diverge($"the journal has {Describe(next.Kind, next.Name)} as action #{next.Seq}, which the workflow no longer issues");
        }

        _replayActions = [];
        _replayActionIndex = 0;
        _replayInboundRemaining = 0;
    }

    /// <summary>Runs continuations queued from outside the instance's turn.</summary>
    public void RunPending() => Run(null);

    /// <summary>Journal records for actions issued since the last call (none while replaying matched ones).</summary>
    public List<JournalRecord> TakeNewRecords()
    {
        var records = _newRecords;
        _newRecords = [];
        return records;
    }

    /// <summary>Step attempts that were issued and have no outcome yet, not yet handed to the dispatcher.</summary>
    public List<StepAction> TakeStepsToDispatch()
    {
        var steps = _stepsToDispatch;
        _stepsToDispatch = [];
        steps.RemoveAll(step => !IsPending(step));
        return steps;
    }

    public List<TimerAction> TakeTimersToArm()
    {
        var timers = _timersToArm;
        _timersToArm = [];
        timers.RemoveAll(timer => !IsPending(timer));
        return timers;
    }

    public bool IsAwaitingStep(int seq) => _pending.TryGetValue(seq, out var action) && action is StepAction;

    public bool IsPending(PendingAction action) => _pending.TryGetValue(action.Seq, out var pending) && ReferenceEquals(pending, action);

    public bool IsPendingTimer(int seq) => _pending.TryGetValue(seq, out var action) && action is TimerAction;

    /// <summary>
    /// True when the workflow waits on durable actions only (steps handed out, timers, events), with nothing issued but
    /// not yet handed out and nothing left to run: then everything it knows is in the journal, and dropping this
    /// execution and replaying the journal later gives the same state. <paramref name="earliestTimer"/> is when it
    /// wakes by itself (null: no timer); <paramref name="awaitsStep"/> says a step's outcome is still to come.
    /// </summary>
    public bool IsParked(out DateTime? earliestTimer, out bool awaitsStep)
    {
        earliestTimer = null;
        awaitsStep = false;
        if (IsFinished || IsReplaying || _stepsToDispatch.Count > 0 || _timersToArm.Count > 0 || _newRecords.Count > 0 || _sync.HasQueuedWork)
        {
            return false;
        }

        foreach (var action in _pending.Values)
        {
            switch (action)
            {
                case TimerAction timer:
                    earliestTimer = earliestTimer is { } earliest && earliest <= timer.FireAtUtc ? earliest : timer.FireAtUtc;
                    break;
                case StepAction:
                    awaitsStep = true;
                    break;
            }
        }

        return true;
    }

    public string? StepName(int seq) => _pending.TryGetValue(seq, out var action) && action is StepAction step ? step.Name : null;

    // ---- IWorkflowContext ----

    public Task<TResult> CallStepAsync<TResult>(string stepName, object? input, StepRetryPolicy? retryPolicy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stepName);
        EnsureOnWorkflowTurn();
        var serializedInput = JsonSerializer.SerializeToElement(input, WorkflowJson.Options);
        return CallStepWithRetriesAsync<TResult>(stepName, serializedInput, retryPolicy);
    }

    public Task CreateTimerAsync(DateTime fireAtUtc, CancellationToken cancellationToken)
    {
        EnsureOnWorkflowTurn();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var fireAt = fireAtUtc.Kind switch
        {
            DateTimeKind.Local => fireAtUtc.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(fireAtUtc, DateTimeKind.Utc),
            _ => fireAtUtc,
        };
        var seq = Issue(JournalRecordKind.TimerCreated, null, fireAt);
        if (seq < 0)
        {
            return new TaskCompletionSource().Task;
        }

        var timer = new TimerAction(this, seq, fireAt);
        _pending[seq] = timer;
        _timersToArm.Add(timer);
        timer.WatchCancellation(cancellationToken);
        return timer.Task;
    }

    public Task<T> WaitForEventAsync<T>(string eventName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        EnsureOnWorkflowTurn();
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var seq = Issue(JournalRecordKind.EventWaitStarted, eventName, null);
        if (seq < 0)
        {
            return new TaskCompletionSource<T>().Task;
        }

        if (_bufferedEvents is not null && _bufferedEvents.TryGetValue(eventName, out var buffered) && buffered.TryDequeue(out var payload))
        {
            if (buffered.Count == 0)
            {
                _bufferedEvents.Remove(eventName);
            }

            try
            {
                return Task.FromResult(TypedEventWaitAction<T>.Deserialize(payload));
            }
            catch (JsonException ex)
            {
                return Task.FromException<T>(ex);
            }
        }

        var wait = new TypedEventWaitAction<T>(this, seq, eventName);
        _pending[seq] = wait;
        _waiters ??= new Dictionary<string, LinkedList<EventWaitAction>>(StringComparer.OrdinalIgnoreCase);
        if (!_waiters.TryGetValue(eventName, out var waiters))
        {
            _waiters[eventName] = waiters = new LinkedList<EventWaitAction>();
        }

        wait.Node = waiters.AddLast(wait);
        wait.WatchCancellation(cancellationToken);
        return wait.Task;
    }

    public void SetCustomStatus(object? customStatus)
    {
        CustomStatus = customStatus is null
            ? null
            : JsonSerializer.SerializeToElement(customStatus, customStatus.GetType(), WorkflowJson.Options);
        CustomStatusText = CustomStatus?.GetRawText();
    }

    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), this);

    // ---- Internals ----

    internal void OnCancellationRequested(PendingAction action, CancellationToken cancellationToken)
    {
        if (_sync.IsCurrent)
        {
            Cancel(action, cancellationToken);
        }
        else
        {
            // Cancelled from another thread: the workflow state is only touched on the instance's turn.
            _sync.Post(static state =>
            {
                var (pending, token) = ((PendingAction, CancellationToken))state!;
                pending.Execution.Cancel(pending, token);
            }, (action, cancellationToken));
        }
    }

    void Cancel(PendingAction action, CancellationToken cancellationToken)
    {
        if (!_pending.Remove(action.Seq))
        {
            return;
        }

        action.StopWatchingCancellation();
        switch (action)
        {
            case TimerAction timer:
                _onTimerCanceled(timer);
                break;
            case EventWaitAction { Node: { List: { } waiters } node } wait:
                waiters.Remove(node);
                if (waiters.Count == 0)
                {
                    _waiters!.Remove(wait.Name);
                }

                wait.Node = null;
                break;
        }

        action.SetCanceled(cancellationToken);
    }

    async Task<TResult> CallStepWithRetriesAsync<TResult>(string stepName, JsonElement input, StepRetryPolicy? retryPolicy)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await ScheduleStepAttempt(stepName, input);
            if (outcome.Succeeded)
            {
                return outcome.Result is { } result ? result.Deserialize<TResult>(WorkflowJson.Options)! : default!;
            }

            if (retryPolicy is null || attempt >= retryPolicy.MaxNumberOfAttempts)
            {
                throw new WorkflowStepFailedException(stepName, outcome.ErrorType, outcome.ErrorCode, outcome.Message ?? $"Step '{stepName}' failed.");
            }

            // A durable timer, so the retry schedule survives a restart.
            await CreateTimerAsync(CurrentUtcDateTime + retryPolicy.DelayAfter(attempt), CancellationToken.None);
        }
    }

    Task<StepOutcome> ScheduleStepAttempt(string stepName, JsonElement input)
    {
        var seq = Issue(JournalRecordKind.StepScheduled, stepName, null);
        if (seq < 0)
        {
            return new TaskCompletionSource<StepOutcome>().Task;
        }

        var step = new StepAction(this, seq, stepName, input);
        _pending[seq] = step;
        _stepsToDispatch.Add(step);
        return step.Task;
    }

    void DeliverEvent(string name, JsonElement? payload)
    {
        if (_waiters is not null && _waiters.TryGetValue(name, out var waiters) && waiters.First is { } first)
        {
            waiters.RemoveFirst();
            if (waiters.Count == 0)
            {
                _waiters.Remove(name);
            }

            var wait = first.Value;
            wait.Node = null;
            _pending.Remove(wait.Seq);
            wait.StopWatchingCancellation();
            wait.Deliver(payload);
            return;
        }

        // Nobody waits yet: keep it, in order, for the next wait of that name.
        _bufferedEvents ??= new Dictionary<string, Queue<JsonElement?>>(StringComparer.OrdinalIgnoreCase);
        if (!_bufferedEvents.TryGetValue(name, out var buffered))
        {
            _bufferedEvents[name] = buffered = new Queue<JsonElement?>();
        }

        buffered.Enqueue(payload);
    }

    /// <summary>Numbers a new action and checks it against the journal; -1 once the instance diverged.</summary>
    int Issue(JournalRecordKind kind, string? name, DateTime? fireAt)
    {
        if (AbortReason is not null)
        {
            return -1;
        }

        var seq = _issuedKinds.Count;
        _issuedKinds.Add(kind);
        if (_replayActionIndex < _replayActions.Count)
        {
            var recorded = _replayActions[_replayActionIndex++];
            if (recorded.Kind != kind || recorded.Seq != seq || !NamesMatch(kind, recorded.Name, name))
            {
                Diverge($"action #{seq} is {Describe(recorded.Kind, recorded.Name)} in the journal, but the workflow now issued {Describe(kind, name)} there");
                return -1;
            }
        }
        else
        {
            _newRecords.Add(new JournalRecord { Kind = kind, At = _now, Seq = seq, Name = name, FireAt = fireAt });
        }

        return seq;
    }

    bool WasIssued(int? seq, JournalRecordKind kind) => seq is { } s && s >= 0 && s < _issuedKinds.Count && _issuedKinds[s] == kind;

    static bool NamesMatch(JournalRecordKind kind, string? recorded, string? issued) => kind switch
    {
        JournalRecordKind.EventWaitStarted => string.Equals(recorded, issued, StringComparison.OrdinalIgnoreCase),
        _ => string.Equals(recorded, issued, StringComparison.Ordinal),
    };

    static string Describe(JournalRecordKind kind, string? name) => kind switch
    {
        JournalRecordKind.StepScheduled => $"step '{name}'",
        JournalRecordKind.TimerCreated => "a timer",
        JournalRecordKind.EventWaitStarted => $"a wait for event '{name}'",
        _ => kind.ToString(),
    };

    void Diverge(string detail) => AbortReason ??=
        $"Non-deterministic workflow: {detail}. On replay a workflow must issue the same steps, timers and event waits in the same " +
        "order as when they were journaled; its code probably changed while this instance was in flight.";

    void Run(Action? action)
    {
        try
        {
            _sync.Run(action);
        }
        catch (Exception ex)
        {
            AbortReason ??= $"The workflow runtime failed while running the workflow: {ex.Message}";
        }
    }

    void EnsureOnWorkflowTurn()
    {
        if (!_sync.IsCurrent)
        {
            throw new InvalidOperationException(
                "Workflow context methods must be called from the workflow's own code on its turn " +
                "(no ConfigureAwait(false), Task.Run or awaiting non-workflow tasks inside a workflow).");
        }
    }
}
