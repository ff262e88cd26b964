using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Execution;
using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.EmbeddedDurable.Listing;
using ImagePipeline.Pipeline;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.EmbeddedDurable;

/// <summary>
/// Runs the generation workflow durably inside one process, with Durable Functions semantics (named for that workflow:
/// it starts instances from a <see cref="GenerationWorkflowInput"/> as the hosts' <see cref="IWorkflowClient"/>; the
/// journal, replay and step dispatch beneath it know no workflow or step by name): each instance's history is an
/// append-only journal under <see cref="EmbeddedRuntimeOptions.DataDirectory"/>; on start every unfinished
/// instance is replayed from its journal and carries on, so a killed process resumes every in-flight job without
/// repeating a completed step. Steps run at least once (a step cut off by a crash runs again), like activities.
/// </summary>
/// <para>When the data folder fills up or turns read-only, an instance whose journal write fails parks (it stays
/// Running to callers) and new starts and events are refused with <see cref="WorkflowStoreUnavailableException"/>;
/// once a probe write succeeds again every parked instance resumes from its journal, without a restart
/// (<see cref="IWorkflowStoreHealth"/> tells hosts which state it is in).</para>
public sealed class EmbeddedGenerationWorkflowRuntime : IWorkflowClient, IWorkflowInstanceQuery, IWorkflowCompletionWaiter, IWorkflowStoreHealth, IHostedService, IAsyncDisposable
{
    const int NotStarted = 0;
    const int Starting = 1;
    const int Running = 2;
    const int Stopped = 3;
    static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    readonly ConcurrentDictionary<string, InstanceRunner> _active = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _stopping = new();
    readonly int _maxConcurrentSteps;
    readonly string _dataDirectory;
    readonly InstanceStore _store;
    readonly RuntimeServices _services;
    readonly TimeProvider _timeProvider;
    readonly ILogger _logger;
    readonly JournalHealth _health;
    readonly JournalWriteFault _writeFault = new();
    readonly JournalHandles _handles;
    readonly StalledInstanceResumer _resumer;
    readonly GenerationListing _listing;
    IDisposable? _exclusiveUse;
    int _state;

    public EmbeddedGenerationWorkflowRuntime(
        IOptions<EmbeddedRuntimeOptions> options,
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow,
        IWorkflowStepInvoker steps,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, workflow, steps, timeProvider, loggerFactory)
    {
    }

    public EmbeddedGenerationWorkflowRuntime(
        EmbeddedRuntimeOptions options,
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow,
        IWorkflowStepInvoker steps,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new ArgumentException("EmbeddedRuntimeOptions.DataDirectory is required.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentSteps, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxOpenJournals, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxLoadedInstances, nameof(options));
        if (options.UnloadWaitsLongerThan < TimeSpan.Zero)
        {
            throw new ArgumentException("EmbeddedRuntimeOptions.UnloadWaitsLongerThan must not be negative.", nameof(options));
        }

        _maxConcurrentSteps = options.MaxConcurrentSteps;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<EmbeddedGenerationWorkflowRuntime>();
        _health = new JournalHealth(timeProvider);
        _handles = new JournalHandles(options.MaxOpenJournals);
        _store = new InstanceStore(options.DataDirectory, _writeFault, _handles);
        _dataDirectory = Path.GetFullPath(options.DataDirectory);
        _listing = new GenerationListing(_store, Read);
        _resumer = new StalledInstanceResumer(_store, _health, ResumeStalled, timeProvider, _logger);
        _services = new RuntimeServices
        {
            Writer = new JournalWriter(options.FsyncJournal, _logger, _health, _writeFault, _handles),
            Steps = new StepDispatcher(steps, _logger, _stopping.Token),
            Store = _store,
            Handles = _handles,
            TimeProvider = timeProvider,
            Timers = new DurableTimerQueue(timeProvider),
            UnloadWaitsLongerThan = options.UnloadWaitsLongerThan,
            MaxLoadedInstances = options.MaxLoadedInstances,
            Workflow = workflow,
            LoggerFactory = loggerFactory,
            Logger = _logger,
            OnFinished = Forget,
            OnStalled = (runner, failure) => _resumer.Park(runner, failure),
        };
    }

    /// <summary>Instances held in memory: started or resumed and not yet finished (stalled ones included).</summary>
    public int ActiveInstanceCount => _active.Count;

    /// <summary>Instances held in memory whose workflow is loaded; the rest wait unloaded (see
    /// <see cref="EmbeddedRuntimeOptions.UnloadWaitsLongerThan"/>).</summary>
    internal int LoadedInstanceCount => _active.Values.Count(runner => runner.IsLoaded);

    /// <summary>Instances parked after a failed journal write, waiting for the folder to take writes again.</summary>
    public int StalledInstanceCount => _resumer.Count;

    public WorkflowStoreHealth Current
    {
        get
        {
            var writable = _health.Writable;
            var stalled = _resumer.Count;
            return writable && stalled == 0
                ? WorkflowStoreHealth.Healthy
                : new WorkflowStoreHealth(writable, stalled, _health.LastFailure, _health.RetryAfter);
        }
    }

    /// <summary>Journals held open between appends (see <see cref="EmbeddedRuntimeOptions.MaxOpenJournals"/>).</summary>
    internal int OpenJournalCount => _handles.OpenCount;

    /// <summary>Writes to journals so far (one per journal per batch; the creation record goes in the first).</summary>
    internal long JournalWrites => _services.Writer.WriteCount;

    /// <summary>Test seam: makes every journal write fail as a full disk would, until cleared.</summary>
    internal JournalWriteFault InjectedWriteFault => _writeFault;

    /// <summary>Starts the journal writer and step workers and resumes every unfinished instance in the data folder.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Starting, NotStarted) != NotStarted)
        {
            throw new InvalidOperationException("The workflow runtime can be started once.");
        }

        try
        {
            // Fail here, with the folder and the reason, rather than accept work whose first write fails.
            _store.EnsureCreated();
            _store.ProbeWritable();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFolderUnavailableException(_dataDirectory, LocalStorageFaults.Describe(ex), ex);
        }

        _exclusiveUse = _store.AcquireExclusiveUse();
        _store.DeleteTemporaryFiles();
        _services.Writer.Start();
        _services.Steps.Start(_maxConcurrentSteps);
        _resumer.Start(_stopping.Token);
        _listing.LoadCompleted();

        var resumed = 0;
        await Parallel.ForEachAsync(
            _store.EnumerateJournals(),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            (path, _) =>
            {
                if (Resume(path))
                {
                    Interlocked.Increment(ref resumed);
                }

                return ValueTask.CompletedTask;
            });

        Interlocked.CompareExchange(ref _state, Running, Starting);
        _logger.LogInformation("Embedded workflow runtime started in {DataDirectory}; resumed {ResumedCount} unfinished instances; {IndexedCount} generations listed",
            _dataDirectory, resumed, _listing.Count);
    }

    /// <summary>Stops dispatching. Running steps are abandoned (they run again after the next start); everything
    /// already acknowledged is in the journal.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var previous = Interlocked.Exchange(ref _state, Stopped);
        if (previous == Stopped)
        {
            return;
        }

        _services.MarkStopping();
        await _stopping.CancelAsync();
        await _resumer.StopAsync();
        _services.Steps.Stop();
        _services.Timers.Dispose();
        foreach (var runner in _active.Values)
        {
            runner.Abandon();
        }

        await _services.Writer.StopAsync();

        // Turns that were mid-way end at their next journal write; wait so no file is touched after this returns.
        var waiting = Stopwatch.StartNew();
        while (_services.RunningTurns > 0 && waiting.Elapsed < StopGracePeriod && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), CancellationToken.None);
        }

        _handles.ReleaseAll();
        _exclusiveUse?.Dispose();

        _logger.LogInformation("Embedded workflow runtime stopped; {UnfinishedCount} unfinished instances resume on the next start", _active.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    /// <summary>Returns once the instance's creation record is journaled (together with what the workflow did first).</summary>
    public async Task<bool> TryStartAsync(string instanceId, GenerationWorkflowInput input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRunning();
        if (_active.ContainsKey(instanceId) || _store.CompletedExists(instanceId))
        {
            return false;
        }

        if (!_health.Writable)
        {
            throw new WorkflowStoreUnavailableException(
                $"The workflow journal in {_dataDirectory} cannot be written ({_health.LastFailure}).", _health.RetryAfter, null);
        }

        var createdAt = _timeProvider.GetUtcNow();
        var serializedInput = JsonSerializer.SerializeToElement(input, WorkflowJson.Options);
        var created = new JournalRecord { Kind = JournalRecordKind.Created, At = createdAt, InstanceId = instanceId, Data = serializedInput };
        try
        {
            var journal = _store.TryCreateJournal(instanceId);
            if (journal is null)
            {
                return false;
            }

            // The workflow sees the journaled copy of its input, exactly what a replay will see.
            var journaledInput = serializedInput.Deserialize<GenerationWorkflowInput>(WorkflowJson.Options)!;
            var runner = new InstanceRunner(_services, instanceId, journal, journaledInput, serializedInput.GetRawText(), createdAt, replay: null, created);
            _active[instanceId] = runner;
            runner.Schedule();
            await runner.Created;
            _listing.Add(created);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _health.RecordFailure(ex);
            _resumer.Signal();
            throw new WorkflowStoreUnavailableException(
                $"The workflow journal in {_dataDirectory} cannot be written ({LocalStorageFaults.Describe(ex)}).", _health.RetryAfter, ex);
        }
    }

    public Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(instanceId));
    }

    WorkflowInstance? Read(string instanceId) => _active.TryGetValue(instanceId, out var runner) ? runner.Snapshot : _store.ReadFromDisk(instanceId);

    /// <summary>Generations newest first from the in-memory index of creation records (rebuilt from the journals at start).</summary>
    public Task<WorkflowInstancePage> QueryAsync(GenerationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRunning();
        return Task.FromResult(_listing.Query(query));
    }

    /// <summary>For <c>Prefer: wait</c>: the runner's completion signal; null for an unknown instance. An instance
    /// found on disk is returned as it is (ended, or about to be resumed), and the caller judges its status.</summary>
    async Task<WorkflowInstance?> IWorkflowCompletionWaiter.WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return _active.TryGetValue(instanceId, out var runner)
            ? await runner.Completion.WaitAsync(cancellationToken)
            : _store.ReadFromDisk(instanceId);
    }

    /// <summary>Completes once the event is journaled; a no-op for an unknown or finished instance.</summary>
    public Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        EnsureRunning();
        if (!_active.TryGetValue(instanceId, out var runner))
        {
            return Task.CompletedTask;
        }

        JsonElement? data = payload switch
        {
            null => null,
            JsonElement element => element.Clone(),
            _ => JsonSerializer.SerializeToElement(payload, payload.GetType(), WorkflowJson.Options),
        };
        return runner.OnEventRaised(eventName, data).WaitAsync(cancellationToken);
    }

    /// <summary>Waits until the instance completes or fails.</summary>
    public async Task<WorkflowInstance> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (_active.TryGetValue(instanceId, out var runner))
        {
            return await runner.Completion.WaitAsync(cancellationToken);
        }

        var instance = _store.ReadFromDisk(instanceId)
            ?? throw new InvalidOperationException($"There is no workflow instance '{instanceId}'.");
        return instance.RuntimeStatus is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated
            ? instance
            : throw new InvalidOperationException($"Workflow instance '{instanceId}' is not running in this runtime; start the runtime to resume it.");
    }

    /// <summary>Finished instances (completed or failed) whose last record is older than <paramref name="endedBefore"/>,
    /// for retention; read from the files, so it works whether or not the runtime has started.</summary>
    public IReadOnlyList<WorkflowInstance> FindFinishedBefore(DateTimeOffset endedBefore) => _store.FindCompletedBefore(endedBefore);

    /// <summary>Deletes a finished instance's journal: its status is then unknown and its id may be started again. False
    /// when the instance is still held (not finished) or has no files.</summary>
    public bool PurgeFinished(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return !_active.ContainsKey(instanceId) && _store.DeleteCompleted(instanceId);
    }

    /// <summary>The start-up path again, for one instance parked after a failed write.</summary>
    bool ResumeStalled(StalledInstance stalled)
    {
        if (Volatile.Read(ref _state) != Running)
        {
            return false;
        }

        return Resume(stalled.Runner.JournalPath, stalled.Runner);
    }

    /// <param name="replacing">The parked runner this resume takes over from (null at start-up).</param>
    bool Resume(string path, InstanceRunner? replacing = null)
    {
        LoadedJournal journal;
        try
        {
            journal = JournalReader.Read(path);
        }
        catch (IOException ex)
        {
            _logger.LogError(ex, "Could not read workflow journal {JournalPath}; the instance is not resumed", path);
            Forget(replacing);
            return false;
        }

        if (journal.IsCorrupt)
        {
            _logger.LogError("Workflow journal {JournalPath} has an unreadable record before its end; the instance is not resumed", path);
            Forget(replacing);
            return false;
        }

        if (journal.Created?.InstanceId is not { } instanceId)
        {
            // The creation record never reached the file, so the start was never acknowledged to anyone.
            InstanceStore.DeleteIfExists(path);
            Forget(replacing);
            return false;
        }

        _listing.Add(journal.Created);
        if (journal.HasTornTail)
        {
            _logger.LogWarning("Workflow journal {JournalPath} ends in a torn write (the process died or the disk filled mid-write); the partial record is dropped", path);
            InstanceStore.Truncate(path, journal.ValidLength);
        }

        if (journal.Terminal is not null || _store.CompletedExists(instanceId))
        {
            // Finished, but the process died before the journal was moved to completed/ (or, in a folder of an
            // earlier version, after its compact record was written).
            if (_store.CompletedExists(instanceId))
            {
                InstanceStore.DeleteIfExists(path);
            }
            else
            {
                _store.RetireJournal(instanceId, path);
            }

            if (replacing is not null)
            {
                replacing.CompleteWith(Task.FromResult(_store.ReadFromDisk(instanceId) ?? InstanceStore.Summarize(journal)));
                Forget(replacing);
            }

            return false;
        }

        GenerationWorkflowInput input;
        try
        {
            input = journal.Created.Data?.Deserialize<GenerationWorkflowInput>(WorkflowJson.Options)
                ?? throw new JsonException("The creation record has no input.");
        }
        catch (JsonException ex)
        {
            _logger.LogError(ex, "The input of workflow {InstanceId} in {JournalPath} cannot be read; the instance is not resumed", instanceId, path);
            Forget(replacing);
            return false;
        }

        var runner = new InstanceRunner(
            _services, instanceId, new JournalFile(path, journal.ValidLength), input, journal.Created.Data?.GetRawText(), journal.Created.At, journal, creation: null);
        if (replacing is not null)
        {
            if (!_active.TryUpdate(instanceId, runner, replacing))
            {
                return false;
            }

            replacing.CompleteWith(runner.Completion);
        }
        else if (!_active.TryAdd(instanceId, runner))
        {
            _logger.LogError("Workflow {InstanceId} has more than one journal; {JournalPath} is ignored", instanceId, path);
            return false;
        }

        runner.Schedule();
        return true;
    }

    void Forget(InstanceRunner? stalled)
    {
        if (stalled is not null)
        {
            _active.TryRemove(new KeyValuePair<string, InstanceRunner>(stalled.InstanceId, stalled));
        }
    }

    void EnsureRunning()
    {
        var state = Volatile.Read(ref _state);
        if (state != Running)
        {
            throw new InvalidOperationException(state == Stopped
                ? "The workflow runtime has stopped."
                : "The workflow runtime is not started yet (its hosted service StartAsync resumes unfinished instances first).");
        }
    }
}
