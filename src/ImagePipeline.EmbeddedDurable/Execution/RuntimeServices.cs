using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>What every instance runner shares with the runtime.</summary>
internal sealed class RuntimeServices
{
    volatile bool _stopping;
    int _runningTurns;
    int _loadedInstances;

    public required JournalWriter Writer { get; init; }

    public required StepDispatcher Steps { get; init; }

    public required InstanceStore Store { get; init; }

    public required JournalHandles Handles { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    /// <summary>Every instance's armed durable timers, behind one system timer.</summary>
    public required DurableTimerQueue Timers { get; init; }

    /// <summary>An instance waiting only on timers and events, none due sooner than this, is unloaded until it wakes
    /// (null: never).</summary>
    public required TimeSpan? UnloadWaitsLongerThan { get; init; }

    /// <summary>Above this many loaded instances, an instance is unloaded whenever it waits, even on a step.</summary>
    public required int MaxLoadedInstances { get; init; }

    public int LoadedInstances => Volatile.Read(ref _loadedInstances);

    public void InstanceLoaded() => Interlocked.Increment(ref _loadedInstances);

    public void InstanceUnloaded() => Interlocked.Decrement(ref _loadedInstances);

    public required Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> Workflow { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    public required ILogger Logger { get; init; }

    /// <summary>Called once an instance's final record and compact record are written.</summary>
    public required Action<InstanceRunner> OnFinished { get; init; }

    /// <summary>Called when an instance parks after a failed journal write (or a step hit a full or read-only disk).</summary>
    public required Action<InstanceRunner, Exception> OnStalled { get; init; }

    public bool IsStopping => _stopping;

    public int RunningTurns => Volatile.Read(ref _runningTurns);

    public void MarkStopping() => _stopping = true;

    public void TurnStarted() => Interlocked.Increment(ref _runningTurns);

    public void TurnEnded() => Interlocked.Decrement(ref _runningTurns);
}
