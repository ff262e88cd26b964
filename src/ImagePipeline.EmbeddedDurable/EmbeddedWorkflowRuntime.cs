using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Execution;
using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.EmbeddedDurable;

/// <summary>
/// Runs the workflow durably inside one process, with Durable Functions semantics: each instance's history is an
/// append-only journal under <see cref="EmbeddedRuntimeOptions.DataDirectory"/>; on start every unfinished
/// instance is replayed from its journal and carries on, so a killed process resumes every in-flight job without
/// repeating a completed step. Steps run at least once (a step cut off by a crash runs again), like activities.
/// </summary>
public sealed class EmbeddedWorkflowRuntime : IWorkflowClient, IHostedService, IAsyncDisposable
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
    IDisposable? _exclusiveUse;
    int _state;

    public EmbeddedWorkflowRuntime(
        IOptions<EmbeddedRuntimeOptions> options,
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow,
        IWorkflowStepInvoker steps,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value, workflow, steps, timeProvider, loggerFactory)
    {
    }

    public EmbeddedWorkflowRuntime(
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

        _maxConcurrentSteps = options.MaxConcurrentSteps;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<EmbeddedWorkflowRuntime>();
        _store = new InstanceStore(options.DataDirectory, options.FsyncJournal);
        _dataDirectory = Path.GetFullPath(options.DataDirectory);
        _services = new RuntimeServices
        {
            Writer = new JournalWriter(options.FsyncJournal, _logger),
            Steps = new StepDispatcher(steps, _logger, _stopping.Token),
            Store = _store,
            TimeProvider = timeProvider,
            Workflow = workflow,
            LoggerFactory = loggerFactory,
            Logger = _logger,
            OnFinished = runner => _active.TryRemove(new KeyValuePair<string, InstanceRunner>(runner.InstanceId, runner)),
        };
    }

    /// <summary>Instances held in memory: started or resumed and not yet finished.</summary>
    public int ActiveInstanceCount => _active.Count;

    /// <summary>Starts the journal writer and step workers and resumes every unfinished instance in the data folder.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Starting, NotStarted) != NotStarted)
        {
            throw new InvalidOperationException("The workflow runtime can be started once.");
        }

        _store.EnsureCreated();
        _exclusiveUse = _store.AcquireExclusiveUse();
        _store.DeleteTemporaryFiles();
        _services.Writer.Start();
        _services.Steps.Start(_maxConcurrentSteps);

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
        _logger.LogInformation("Embedded workflow runtime started in {DataDirectory}; resumed {ResumedCount} unfinished instances", _dataDirectory, resumed);
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
        _services.Steps.Stop();
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

        _exclusiveUse?.Dispose();

        _logger.LogInformation("Embedded workflow runtime stopped; {UnfinishedCount} unfinished instances resume on the next start", _active.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    public Task<bool> TryStartAsync(string instanceId, GenerationWorkflowInput input, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureRunning();
        if (_active.ContainsKey(instanceId) || _store.CompletedExists(instanceId))
        {
            return Task.FromResult(false);
        }

        var createdAt = _timeProvider.GetUtcNow();
        var serializedInput = JsonSerializer.SerializeToElement(input, WorkflowJson.Options);
        var created = new JournalRecord { Kind = JournalRecordKind.Created, At = createdAt, InstanceId = instanceId, Data = serializedInput };
        var journal = _store.TryCreateJournal(instanceId, JournalSerializer.ToBytes([created]));
        if (journal is null)
        {
            return Task.FromResult(false);
        }

        // The workflow sees the journaled copy of its input, exactly what a replay will see.
        var journaledInput = serializedInput.Deserialize<GenerationWorkflowInput>(WorkflowJson.Options)!;
        var runner = new InstanceRunner(_services, instanceId, journal, journaledInput, serializedInput.GetRawText(), createdAt, replay: null);
        _active[instanceId] = runner;
        runner.Schedule();
        return Task.FromResult(true);
    }

    public Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_active.TryGetValue(instanceId, out var runner) ? runner.Snapshot : _store.ReadFromDisk(instanceId));
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

    bool Resume(string path)
    {
        LoadedJournal journal;
        try
        {
            journal = JournalReader.Read(path);
        }
        catch (IOException ex)
        {
            _logger.LogError(ex, "Could not read workflow journal {JournalPath}; the instance is not resumed", path);
            return false;
        }

        if (journal.IsCorrupt)
        {
            _logger.LogError("Workflow journal {JournalPath} has an unreadable record before its end; the instance is not resumed", path);
            return false;
        }

        if (journal.Created?.InstanceId is not { } instanceId)
        {
            // The creation record never reached the file, so the start was never acknowledged to anyone.
            InstanceStore.DeleteIfExists(path);
            return false;
        }

        if (journal.HasTornTail)
        {
            _logger.LogWarning("Workflow journal {JournalPath} ends in a torn write (the process died mid-write); the partial record is dropped", path);
            InstanceStore.Truncate(path, journal.ValidLength);
        }

        if (journal.Terminal is not null || _store.CompletedExists(instanceId))
        {
            // Finished, but the process died before the journal was compacted.
            if (!_store.CompletedExists(instanceId))
            {
                _store.WriteCompleted(InstanceStore.Summarize(journal));
            }

            InstanceStore.DeleteIfExists(path);
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
            return false;
        }

        var runner = new InstanceRunner(
            _services, instanceId, new JournalFile(path, journal.ValidLength), input, journal.Created.Data?.GetRawText(), journal.Created.At, journal);
        if (!_active.TryAdd(instanceId, runner))
        {
            _logger.LogError("Workflow {InstanceId} has more than one journal; {JournalPath} is ignored", instanceId, path);
            return false;
        }

        runner.Schedule();
        return true;
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
