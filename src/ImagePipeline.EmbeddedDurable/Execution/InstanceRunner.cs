using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Pipeline;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>
/// Drives one instance like an actor: other threads post messages (step finished, timer due, event raised); a single
/// turn at a time, on the thread pool, journals what happened, waits until the journal has it, applies it to the
/// workflow, journals the actions the workflow issued in response, and only then dispatches steps and arms timers.
/// Nothing is held while the instance waits but a few small objects, so thousands can wait at once.
/// </summary>
internal sealed class InstanceRunner
{
    // System timers cannot wait much longer than ~49 days; a longer durable timer is re-armed when this one fires.
    static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(30);
    static readonly TimeSpan EarlyFireTolerance = TimeSpan.FromSeconds(1);

    readonly RuntimeServices _services;
    readonly JournalFile _journal;
    readonly GenerationWorkflowInput _input;
    readonly string? _serializedInput;
    readonly DateTimeOffset _createdAt;
    readonly Queue<RunnerMessage> _mailbox = new();
    readonly HashSet<TimerAction> _armedTimers = [];
    readonly TaskCompletionSource<WorkflowInstance> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    JournalRecord? _unjournaledCreation;
    LoadedJournal? _replay;
    WorkflowExecution? _execution;
    string? _journaledCustomStatus;
    DateTimeOffset _lastUpdatedAt;
    int _scheduled;
    bool _mailboxClosed;
    Exception? _mailboxCloseReason;
    volatile bool _done;
    volatile WorkflowInstance _snapshot;

    public InstanceRunner(
        RuntimeServices services,
        string instanceId,
        JournalFile journal,
        GenerationWorkflowInput input,
        string? serializedInput,
        DateTimeOffset createdAt,
        LoadedJournal? replay,
        JournalRecord? creation)
    {
        _services = services;
        InstanceId = instanceId;
        _journal = journal;
        _input = input;
        _serializedInput = serializedInput;
        _createdAt = createdAt;
        _replay = replay;
        _unjournaledCreation = creation;
        if (creation is null)
        {
            _created.TrySetResult();
        }

        _journaledCustomStatus = replay?.LastCustomStatus?.Data?.GetRawText();
        _lastUpdatedAt = replay?.LastAt ?? createdAt;
        _snapshot = BuildSnapshot(replay?.HasProgress == true ? WorkflowRuntimeStatus.Running : WorkflowRuntimeStatus.Pending, null, null);
    }

    public string InstanceId { get; }

    public string JournalPath => _journal.Path;

    /// <summary>The instance as of its last journaled turn.</summary>
    public WorkflowInstance Snapshot => _snapshot;

    public Task<WorkflowInstance> Completion => _completion.Task;

    /// <summary>Completes once the creation record is journaled: a new instance's first turn writes it together
    /// with what the workflow did first (a resumed instance has it already).</summary>
    public Task Created => _created.Task;

    // ---- Entry points for other threads ----

    public void OnStepFinished(int seq, StepOutcome outcome) => Post(new RunnerMessage.StepFinished(seq, outcome));

    /// <summary>Completes once the event is journaled (or dropped because the instance finished).</summary>
    public Task OnEventRaised(string name, JsonElement? payload)
    {
        var journaled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new RunnerMessage.EventArrived(name, payload, journaled));
        return journaled.Task;
    }

    /// <summary>Asks for a turn (a no-op when one is queued or running: it will see new messages).</summary>
    public void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static runner => _ = runner.RunAsync(), this, preferLocal: false);
        }
    }

    /// <summary>The runtime is stopping: stop timers and refuse further work; the journal has everything needed to
    /// resume.</summary>
    public void Abandon()
    {
        _created.TrySetException(new ObjectDisposedException(nameof(EmbeddedGenerationWorkflowRuntime), "The workflow runtime stopped before the instance was journaled."));
        DisarmAllTimers();
        CloseMailbox(new ObjectDisposedException(nameof(EmbeddedGenerationWorkflowRuntime), "The workflow runtime stopped before the event was journaled."));
        _completion.TrySetCanceled();
    }

    void Post(RunnerMessage message)
    {
        bool accepted;
        lock (_mailbox)
        {
            accepted = !_mailboxClosed;
            if (accepted)
            {
                _mailbox.Enqueue(message);
            }
        }

        if (accepted)
        {
            Schedule();
        }
        else
        {
            Acknowledge(message, _mailboxCloseReason);
        }
    }

    // ---- The turn ----

    async Task RunAsync()
    {
        _services.TurnStarted();
        try
        {
            while (true)
            {
                if (_services.IsStopping)
                {
                    _created.TrySetException(new ObjectDisposedException(nameof(EmbeddedGenerationWorkflowRuntime), "The workflow runtime stopped before the instance was journaled."));
                }

                if (!_done && !_services.IsStopping)
                {
                    await RunTurnSafelyAsync();
                }

                Volatile.Write(ref _scheduled, 0);
                if (_done || _services.IsStopping || !HasMail() || Interlocked.Exchange(ref _scheduled, 1) != 0)
                {
                    return;
                }
            }
        }
        finally
        {
            _services.TurnEnded();
        }
    }

    async Task RunTurnSafelyAsync()
    {
        try
        {
            await TurnAsync();
        }
        catch (Exception ex) when (_services.IsStopping)
        {
            // Abandoned mid-turn: everything acknowledged is journaled and is replayed on the next start.
            _created.TrySetException(ex);
        }
        catch (Exception ex) when (_unjournaledCreation is not null)
        {
            // The start itself failed: nobody was told the instance exists, so it leaves nothing behind.
            _done = true;
            DisarmAllTimers();
            var failure = new WorkflowStoreUnavailableException($"Workflow {InstanceId} could not be journaled ({LocalStorageFaults.Describe(ex)}).", ex);
            CloseMailbox(failure);
            try
            {
                _services.Store.AbandonCreatedJournal(_journal);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Left empty: the next start deletes a journal without its creation record.
            }

            _services.OnFinished(this);
            _created.TrySetException(ex);
            _completion.TrySetException(failure);
        }
        catch (Exception ex)
        {
            // The journal is still the truth: the instance parks, and is reloaded from it (through a new descriptor)
            // once writes succeed again.
            _done = true;
            _services.Handles.Release(_journal);
            DisarmAllTimers();
            CloseMailbox(new WorkflowStoreUnavailableException(
                $"Workflow {InstanceId} is stalled: its journal cannot be written ({LocalStorageFaults.Describe(ex)}).", ex));
            if (LocalStorageFaults.IsUnwritable(ex))
            {
                // An operator's problem, not a bug: the reason is what matters, not the stack.
                _services.Logger.LogWarning("Workflow {InstanceId} stalled: its journal cannot be written ({Reason}); it resumes by itself once writes succeed again",
                    InstanceId, LocalStorageFaults.Describe(ex));
            }
            else
            {
                _services.Logger.LogError(ex, "Workflow {InstanceId} stalled after a journal failure; it resumes by itself once writes succeed again", InstanceId);
            }

            _services.OnStalled(this, ex);
        }
    }

    /// <summary>Hands whoever waits for this (stalled) runner the outcome of the runner that resumed it.</summary>
    public void CompleteWith(Task<WorkflowInstance> successor) =>
        successor.ContinueWith(
            static (finished, state) =>
            {
                var completion = (TaskCompletionSource<WorkflowInstance>)state!;
                if (finished.IsCompletedSuccessfully)
                {
                    completion.TrySetResult(finished.Result);
                }
                else
                {
                    completion.TrySetCanceled();
                }
            },
            _completion,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    async Task TurnAsync()
    {
        var execution = _execution ?? Initialize();
        var now = _services.TimeProvider.GetUtcNow();
        List<JournalRecord>? inbound = null;
        List<TaskCompletionSource>? eventAcknowledgements = null;
        Exception? storageFault = null;
        var wake = false;
        foreach (var message in TakeMail())
        {
            switch (message)
            {
                case RunnerMessage.StepFinished { Outcome.StorageFault: { } fault }:
                    // The step failed on the host's own full or read-only disk, not on its work: journaling that as
                    // the step's failure would spend its retries on an outage. Park instead; it runs again on resume.
                    storageFault ??= fault;
                    break;
                case RunnerMessage.StepFinished finished when execution.StepName(finished.Seq) is { } stepName:
                    (inbound ??= []).Add(finished.Outcome.ToRecord(finished.Seq, stepName, now));
                    break;
                case RunnerMessage.TimerDue due when execution.IsPending(due.Timer):
                    var fireAt = new DateTimeOffset(due.Timer.FireAtUtc);
                    if (fireAt - now > EarlyFireTolerance)
                    {
                        Arm(due.Timer, now);
                        break;
                    }

                    Disarm(due.Timer);
                    (inbound ??= []).Add(new JournalRecord
                    {
                        Kind = JournalRecordKind.TimerFired, At = now < fireAt ? fireAt : now, Seq = due.Timer.Seq,
                    });
                    break;
                case RunnerMessage.EventArrived arrived:
                    (inbound ??= []).Add(new JournalRecord { Kind = JournalRecordKind.EventRaised, At = now, Name = arrived.Name, Data = arrived.Payload });
                    (eventAcknowledgements ??= []).Add(arrived.Journaled);
                    break;
                case RunnerMessage.Wake:
                    wake = true;
                    break;
            }
        }

        (JournalRecord? Terminal, DateTimeOffset At) committed;
        try
        {
            if (storageFault is not null)
            {
                throw new IOException("A step could not write to the data folder.", storageFault);
            }

            // The workflow sees what happened before it is journaled, but nothing acts on it (no step is dispatched,
            // no timer armed, no event raiser answered, no status shown) until what happened and the workflow's
            // response are in the journal, together, in one write. A crash in between loses both, as if it had come
            // a moment earlier: the step runs again, the timer fires again, the raiser was never answered.
            if (inbound is not null)
            {
                foreach (var record in inbound)
                {
                    execution.Apply(record);
                }
            }

            if (wake)
            {
                execution.RunPending();
            }

            committed = await CommitAsync(execution, inbound);
        }
        catch (Exception ex)
        {
            // Raisers of events taken this turn learn they were not kept (they were told nothing yet).
            eventAcknowledgements?.ForEach(acknowledgement => acknowledgement.TrySetException(
                new WorkflowStoreUnavailableException($"Workflow {InstanceId} could not journal the event.", ex)));
            throw;
        }

        eventAcknowledgements?.ForEach(static acknowledgement => acknowledgement.TrySetResult());
        AfterCommit(execution, committed.Terminal, committed.At);
    }

    WorkflowExecution Initialize()
    {
        var execution = _execution = new WorkflowExecution(
            InstanceId, _input, _createdAt, _services.Workflow, _services.LoggerFactory,
            () => Post(RunnerMessage.Wake.Instance), Disarm);
        if (_replay is { } journal)
        {
            _replay = null;
            execution.Start(journal.Actions, journal.Inbound.Count);
            foreach (var record in journal.Inbound)
            {
                execution.Apply(record);
            }

            execution.EndReplay();
        }
        else
        {
            execution.Start([], 0);
        }

        return execution;
    }

    /// <summary>Journals what happened to the workflow this turn (<paramref name="inbound"/>) and what it did in
    /// response, in one write; returns the final record if the workflow ended, and the time of the commit.</summary>
    async Task<(JournalRecord? Terminal, DateTimeOffset At)> CommitAsync(WorkflowExecution execution, List<JournalRecord>? inbound)
    {
        var now = _services.TimeProvider.GetUtcNow();
        var issued = execution.TakeNewRecords();
        var records = inbound ?? [];
        if (_unjournaledCreation is { } creation)
        {
            records.Insert(0, creation);
        }

        records.AddRange(issued);
        var customStatus = execution.CustomStatusText;
        var customStatusChanged = customStatus != _journaledCustomStatus;
        if (customStatusChanged)
        {
            records.Add(new JournalRecord { Kind = JournalRecordKind.CustomStatus, At = now, Data = execution.CustomStatus });
        }

        var terminal = TerminalRecord(execution, now);
        if (terminal is not null)
        {
            records.Add(terminal);
        }

        if (records.Count > 0)
        {
            await _services.Writer.AppendAsync(_journal, JournalSerializer.ToBytes(records));
            _lastUpdatedAt = now;
        }

        if (_unjournaledCreation is not null)
        {
            _unjournaledCreation = null;
            _created.TrySetResult();
        }

        if (customStatusChanged)
        {
            _journaledCustomStatus = customStatus;
        }

        return (terminal, now);
    }

    /// <summary>Acts on what the turn journaled: finishes the instance, or dispatches its steps and arms its timers.</summary>
    void AfterCommit(WorkflowExecution execution, JournalRecord? terminal, DateTimeOffset now)
    {
        if (terminal is not null)
        {
            Finish(terminal);
            return;
        }

        _snapshot = BuildSnapshot(WorkflowRuntimeStatus.Running, null, null);
        if (_services.IsStopping)
        {
            return;
        }

        foreach (var step in execution.TakeStepsToDispatch())
        {
            _services.Steps.Dispatch(new StepWorkItem(this, step.Seq, step.Name, step.Input));
        }

        foreach (var timer in execution.TakeTimersToArm())
        {
            Arm(timer, now);
        }
    }

    static JournalRecord? TerminalRecord(WorkflowExecution execution, DateTimeOffset now)
    {
        if (execution.AbortReason is { } reason)
        {
            return new JournalRecord { Kind = JournalRecordKind.Failed, At = now, Message = reason };
        }

        if (execution.WorkflowTask is not { IsCompleted: true } task)
        {
            return null;
        }

        if (task.IsCompletedSuccessfully)
        {
            try
            {
                var output = task.Result is { } result
                    ? JsonSerializer.SerializeToElement(result, result.GetType(), WorkflowJson.Options)
                    : (JsonElement?)null;
                return new JournalRecord { Kind = JournalRecordKind.Completed, At = now, Data = output };
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                return new JournalRecord
                {
                    Kind = JournalRecordKind.Failed, At = now, ErrorType = ex.GetType().FullName,
                    Message = $"The workflow's output could not be serialized: {ex.Message}",
                };
            }
        }

        var error = task.Exception?.InnerException ?? new TaskCanceledException(task);
        return new JournalRecord { Kind = JournalRecordKind.Failed, At = now, ErrorType = error.GetType().FullName, Message = error.Message };
    }

    void Finish(JournalRecord terminal)
    {
        var completed = terminal.Kind == JournalRecordKind.Completed;
        var snapshot = BuildSnapshot(
            completed ? WorkflowRuntimeStatus.Completed : WorkflowRuntimeStatus.Failed,
            completed ? terminal.Data?.GetRawText() : null,
            completed ? null : terminal.Message);
        _snapshot = snapshot;
        _done = true;
        DisarmAllTimers();
        CloseMailbox(null);
        try
        {
            // The journal already ends with the final record, so a crash here is finished on the next start.
            _services.Handles.Release(_journal);
            _services.Store.RetireJournal(InstanceId, _journal.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _services.Logger.LogWarning(ex, "Could not move the journal of finished workflow {InstanceId} to completed/; it is kept in place and moved on the next start", InstanceId);
        }

        _services.OnFinished(this);
        _completion.TrySetResult(snapshot);
        if (completed)
        {
            _services.Logger.LogInformation("Workflow {InstanceId} completed", InstanceId);
        }
        else
        {
            _services.Logger.LogWarning("Workflow {InstanceId} failed: {FailureMessage}", InstanceId, snapshot.FailureMessage);
        }
    }

    WorkflowInstance BuildSnapshot(WorkflowRuntimeStatus status, string? output, string? failure) =>
        new(InstanceId, status, _createdAt, _lastUpdatedAt, _serializedInput, _journaledCustomStatus, output, failure);

    // ---- Timers ----

    void Arm(TimerAction timer, DateTimeOffset now)
    {
        var due = new DateTimeOffset(timer.FireAtUtc) - now;
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxTimerDue ? MaxTimerDue : due;
        lock (_armedTimers)
        {
            if (_done || _services.IsStopping)
            {
                return;
            }

            timer.Armed?.Dispose();
            // Long-lived timers must not capture the ambient execution context (and whatever it references).
            using (ExecutionContext.SuppressFlow())
            {
                timer.Armed = _services.TimeProvider.CreateTimer(
                    static state =>
                    {
                        var (runner, fired) = ((InstanceRunner, TimerAction))state!;
                        runner.Post(new RunnerMessage.TimerDue(fired));
                    },
                    (this, timer),
                    due,
                    Timeout.InfiniteTimeSpan);
            }

            _armedTimers.Add(timer);
        }
    }

    void Disarm(TimerAction timer)
    {
        lock (_armedTimers)
        {
            _armedTimers.Remove(timer);
            timer.Armed?.Dispose();
            timer.Armed = null;
        }
    }

    void DisarmAllTimers()
    {
        lock (_armedTimers)
        {
            foreach (var timer in _armedTimers)
            {
                timer.Armed?.Dispose();
                timer.Armed = null;
            }

            _armedTimers.Clear();
        }
    }

    // ---- Mailbox ----

    bool HasMail()
    {
        lock (_mailbox)
        {
            return _mailbox.Count > 0;
        }
    }

    List<RunnerMessage> TakeMail()
    {
        lock (_mailbox)
        {
            var messages = new List<RunnerMessage>(_mailbox.Count);
            while (_mailbox.TryDequeue(out var message))
            {
                messages.Add(message);
            }

            return messages;
        }
    }

    /// <summary>No more turns: answers waiting event raisers (a no-op delivery when the instance finished).</summary>
    void CloseMailbox(Exception? reason)
    {
        List<RunnerMessage> rest;
        lock (_mailbox)
        {
            if (_mailboxClosed)
            {
                return;
            }

            _mailboxClosed = true;
            _mailboxCloseReason = reason;
            rest = [.. _mailbox];
            _mailbox.Clear();
        }

        foreach (var message in rest)
        {
            Acknowledge(message, reason);
        }
    }

    static void Acknowledge(RunnerMessage message, Exception? reason)
    {
        if (message is RunnerMessage.EventArrived arrived)
        {
            if (reason is null)
            {
                arrived.Journaled.TrySetResult();
            }
            else
            {
                arrived.Journaled.TrySetException(reason);
            }
        }
    }
}
