using System.Text;
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
/// Once the workflow waits only on timers and events it is unloaded (<see cref="RuntimeServices.UnloadWaitsLongerThan"/>):
/// its coroutine, input and replayed state are dropped and replayed from the journal when it wakes, so a waiting
/// instance holds little more than this runner and its entry in the <see cref="DurableTimerQueue"/>.
/// </summary>
internal sealed class InstanceRunner
{
    static readonly TimeSpan EarlyFireTolerance = TimeSpan.FromSeconds(1);

    readonly RuntimeServices _services;
    readonly JournalFile _journal;
    // UTF-8, half the size of the string a status query gets: every waiting instance holds it.
    readonly byte[]? _serializedInput;
    readonly DateTimeOffset _createdAt;
    readonly Queue<RunnerMessage> _mailbox = new();
    TaskCompletionSource<WorkflowInstance>? _completion; // created when someone waits for it (guarded by the mailbox lock)
    WorkflowInstance? _final;
    Exception? _startFailure;
    bool _abandoned;
    List<ArmedTimer>? _armedTimers;
    List<int>? _stepsInFlight; // dispatched, outcome not yet journaled: a reload must not dispatch them again
    GenerationWorkflowInput? _input;
    readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    JournalRecord? _unjournaledCreation;
    LoadedJournal? _replay;
    WorkflowExecution? _execution;
    DateTimeOffset _lastUpdatedAt;
    int _scheduled;
    bool _mailboxClosed;
    Exception? _mailboxCloseReason;
    volatile bool _done;
    volatile PublishedState _published;

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
        _serializedInput = serializedInput is null ? null : Encoding.UTF8.GetBytes(serializedInput);
        _createdAt = createdAt;
        _replay = replay;
        _unjournaledCreation = creation;
        if (creation is null)
        {
            _created.TrySetResult();
        }

        _lastUpdatedAt = replay?.LastAt ?? createdAt;
        _published = new PublishedState(
            replay?.HasProgress == true ? WorkflowRuntimeStatus.Running : WorkflowRuntimeStatus.Pending,
            _lastUpdatedAt,
            replay?.LastCustomStatus?.Data is { } customStatus ? Encoding.UTF8.GetBytes(customStatus.GetRawText()) : null);
    }

    public string InstanceId { get; }

    public string JournalPath => _journal.Path;

    /// <summary>The instance as of its last journaled turn.</summary>
    public WorkflowInstance Snapshot => Volatile.Read(ref _final) ?? BuildSnapshot(_published, null, null);

    public Task<WorkflowInstance> Completion => CompletionSource().Task;

    /// <summary>Completes once the creation record is journaled: a new instance's first turn writes it together
    /// with what the workflow did first (a resumed instance has it already).</summary>
    public Task Created => _created.Task;

    // ---- Entry points for other threads ----

    public void OnStepFinished(int seq, StepOutcome outcome) => Post(new RunnerMessage.StepFinished(seq, outcome));

    /// <summary>From the <see cref="DurableTimerQueue"/>: timer <paramref name="seq"/> is due.</summary>
    public void OnTimerDue(int seq, DateTime fireAtUtc) => Post(new RunnerMessage.TimerDue(seq, fireAtUtc));

    /// <summary>True while the workflow's coroutine is in memory (false once unloaded while it waits).</summary>
    internal bool IsLoaded => _execution is not null;

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
        TaskCompletionSource<WorkflowInstance>? completion;
        lock (_mailbox)
        {
            _abandoned = true;
            completion = _completion;
        }

        completion?.TrySetCanceled();
    }

    /// <summary>Made on first use: most instances finish without anyone in this process waiting on them.</summary>
    TaskCompletionSource<WorkflowInstance> CompletionSource()
    {
        lock (_mailbox)
        {
            _completion ??= new TaskCompletionSource<WorkflowInstance>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_final is { } final)
            {
                _completion.TrySetResult(final);
            }
            else if (_startFailure is { } failure)
            {
                _completion.TrySetException(failure);
            }
            else if (_abandoned)
            {
                _completion.TrySetCanceled();
            }

            return _completion;
        }
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
            TaskCompletionSource<WorkflowInstance>? completion;
            lock (_mailbox)
            {
                _startFailure = failure;
                completion = _completion;
            }

            completion?.TrySetException(failure);
        }
        catch (Exception ex)
        {
            // The journal is still the truth: the instance parks, and is reloaded from it (through a new descriptor)
            // once writes succeed again.
            _done = true;
            _services.Handles.Release(_journal);
            Unload();
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
            CompletionSource(),
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
                    if (_stepsInFlight is { } inFlight && inFlight.Remove(finished.Seq) && inFlight.Count == 0)
                    {
                        _stepsInFlight = null; // a waiting instance should not keep even an empty list
                    }

                    (inbound ??= []).Add(finished.Outcome.ToRecord(finished.Seq, stepName, now));
                    break;
                case RunnerMessage.TimerDue due when execution.IsPendingTimer(due.Seq):
                    var fireAt = new DateTimeOffset(due.FireAtUtc);
                    if (fireAt - now > EarlyFireTolerance)
                    {
                        Disarm(due.Seq); // it left the queue when it fired
                        Arm(due.Seq, due.FireAtUtc);
                        break;
                    }

                    Disarm(due.Seq);
                    (inbound ??= []).Add(new JournalRecord
                    {
                        Kind = JournalRecordKind.TimerFired, At = now < fireAt ? fireAt : now, Seq = due.Seq,
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

        (JournalRecord? Terminal, PublishedState Published, DateTimeOffset At) committed;
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
        AfterCommit(execution, committed.Terminal, committed.Published, committed.At);
    }

    /// <summary>Loads the workflow: new, resumed from the journal read at start-up, or reloaded from the journal after
    /// it was unloaded while waiting.</summary>
    WorkflowExecution Initialize()
    {
        var input = _input;
        var replay = _replay;
        _input = null;
        _replay = null;
        if (input is null && replay is null)
        {
            replay = ReadBackJournal();
        }

        input ??= replay!.Created!.Data!.Value.Deserialize<GenerationWorkflowInput>(WorkflowJson.Options)
            ?? throw new JsonException("The creation record has no input.");
        _services.InstanceLoaded();
        var execution = _execution = new WorkflowExecution(
            InstanceId, input, _createdAt, _services.Workflow, _services.LoggerFactory,
            () => Post(RunnerMessage.Wake.Instance), timer => Disarm(timer.Seq));
        if (replay is { } journal)
        {
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

    /// <summary>Everything this runner wrote is in the file (each turn awaits its writes), so it reads back whole.</summary>
    LoadedJournal ReadBackJournal()
    {
        var journal = JournalReader.Read(_journal.Path);
        if (journal.IsCorrupt || journal.HasTornTail || journal.Created?.Data is null || journal.Terminal is not null)
        {
            // Parks the instance; the resumer then reloads it the careful way a start-up does.
            throw new IOException($"The journal {_journal.Path} did not read back as the unfinished journal this runtime wrote.");
        }

        return journal;
    }

    /// <summary>Journals what happened to the workflow this turn (<paramref name="inbound"/>) and what it did in
    /// response, in one write; returns the final record if the workflow ended, and what status queries see now.</summary>
    async Task<(JournalRecord? Terminal, PublishedState Published, DateTimeOffset At)> CommitAsync(WorkflowExecution execution, List<JournalRecord>? inbound)
    {
        var now = _services.TimeProvider.GetUtcNow();
        var issued = execution.TakeNewRecords();
        var records = inbound ?? [];
        if (_unjournaledCreation is { } creation)
        {
            records.Insert(0, creation);
        }

        records.AddRange(issued);
        var journaledCustomStatus = _published.CustomStatus;
        var customStatus = execution.CustomStatusText is { } text ? Encoding.UTF8.GetBytes(text) : null;
        var customStatusChanged = customStatus is null
            ? journaledCustomStatus is not null
            : journaledCustomStatus is null || !customStatus.AsSpan().SequenceEqual(journaledCustomStatus);
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

        var published = new PublishedState(WorkflowRuntimeStatus.Running, _lastUpdatedAt, customStatusChanged ? customStatus : journaledCustomStatus);
        return (terminal, published, now);
    }

    /// <summary>Acts on what the turn journaled: finishes the instance, or dispatches its steps and arms its timers.</summary>
    void AfterCommit(WorkflowExecution execution, JournalRecord? terminal, PublishedState published, DateTimeOffset now)
    {
        if (terminal is not null)
        {
            Finish(terminal, published);
            return;
        }

        _published = published;
        if (_services.IsStopping)
        {
            return;
        }

        foreach (var step in execution.TakeStepsToDispatch())
        {
            if (_stepsInFlight?.Contains(step.Seq) == true)
            {
                continue; // replayed after a reload, but its first dispatch still runs
            }

            (_stepsInFlight ??= []).Add(step.Seq);
            _services.Steps.Dispatch(new StepWorkItem(this, step.Seq, step.Name, step.Input));
        }

        foreach (var timer in execution.TakeTimersToArm())
        {
            Arm(timer.Seq, timer.FireAtUtc);
        }

        if (ShouldUnload(execution, now))
        {
            // Everything it knows is journaled: drop the coroutine and its state until a step, a timer or an event wakes it.
            Unload();
        }
    }

    bool ShouldUnload(WorkflowExecution execution, DateTimeOffset now)
    {
        if (!execution.IsParked(out var earliestTimer, out var awaitsStep) || HasMail())
        {
            return false;
        }

        if (_services.LoadedInstances > _services.MaxLoadedInstances)
        {
            return true; // a burst of work: keep memory bounded, whatever it waits on
        }

        return !awaitsStep && _services.UnloadWaitsLongerThan is { } threshold
            && (earliestTimer is not { } wakeAt || new DateTimeOffset(wakeAt) - now >= threshold);
    }

    void Unload()
    {
        if (_execution is not null)
        {
            _execution = null;
            _services.InstanceUnloaded();
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

    void Finish(JournalRecord terminal, PublishedState published)
    {
        var completed = terminal.Kind == JournalRecordKind.Completed;
        var snapshot = BuildSnapshot(
            published with { Status = completed ? WorkflowRuntimeStatus.Completed : WorkflowRuntimeStatus.Failed },
            completed ? terminal.Data?.GetRawText() : null,
            completed ? null : terminal.Message);
        TaskCompletionSource<WorkflowInstance>? completion;
        lock (_mailbox)
        {
            _final = snapshot;
            completion = _completion;
        }

        _done = true;
        Unload();
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
        completion?.TrySetResult(snapshot);
        if (completed)
        {
            _services.Logger.LogInformation("Workflow {InstanceId} completed", InstanceId);
        }
        else
        {
            _services.Logger.LogWarning("Workflow {InstanceId} failed: {FailureMessage}", InstanceId, snapshot.FailureMessage);
        }
    }

    WorkflowInstance BuildSnapshot(PublishedState state, string? output, string? failure) =>
        new(InstanceId, state.Status, _createdAt, state.LastUpdatedAt,
            _serializedInput is null ? null : Encoding.UTF8.GetString(_serializedInput),
            state.CustomStatus is null ? null : Encoding.UTF8.GetString(state.CustomStatus),
            output, failure);

    /// <summary>What status queries see between turns: the instance as of its last journaled turn (one object, so a
    /// reader on another thread never sees half of a turn).</summary>
    sealed record PublishedState(WorkflowRuntimeStatus Status, DateTimeOffset LastUpdatedAt, byte[]? CustomStatus);

    // ---- Timers ----

    // Guarded by the mailbox lock: only Abandon touches the armed timers off the instance's turn.

    /// <summary>Arms (or re-arms: after a reload every pending timer comes back) durable timer <paramref name="seq"/>.</summary>
    void Arm(int seq, DateTime fireAtUtc)
    {
        lock (_mailbox)
        {
            if (_done || _services.IsStopping)
            {
                return;
            }

            if (_armedTimers?.Find(armed => armed.Seq == seq) is { } existing)
            {
                if (existing.FireAtUtc == fireAtUtc)
                {
                    return;
                }

                _armedTimers.Remove(existing);
                _services.Timers.Disarm(existing);
            }

            (_armedTimers ??= new List<ArmedTimer>(1)).Add(_services.Timers.Arm(this, seq, fireAtUtc));
        }
    }

    void Disarm(int seq)
    {
        lock (_mailbox)
        {
            if (_armedTimers?.Find(armed => armed.Seq == seq) is { } armed)
            {
                _armedTimers.Remove(armed);
                _services.Timers.Disarm(armed);
            }
        }
    }

    void DisarmAllTimers()
    {
        lock (_mailbox)
        {
            if (_armedTimers is null)
            {
                return;
            }

            foreach (var armed in _armedTimers)
            {
                _services.Timers.Disarm(armed);
            }

            _armedTimers = null;
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
