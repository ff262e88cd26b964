namespace ImagePipeline.EmbeddedDurable;

/// <summary>Settings of the embedded durable runtime.</summary>
public sealed class EmbeddedRuntimeOptions
{
    /// <summary>Folder that holds the instance journals and the compact records of finished instances.
    /// Relative paths are resolved against the current directory.</summary>
    public string DataDirectory { get; set; } = Path.Combine("data", "workflows");

    /// <summary>How many steps may run at once across all instances.</summary>
    public int MaxConcurrentSteps { get; set; } = 64;

    /// <summary>Also force every journal batch to the disk (fsync). Off by default: a write handed to the OS already
    /// survives a killed process; this adds protection against power loss at a large cost in throughput.</summary>
    public bool FsyncJournal { get; set; }

    /// <summary>How many instance journals stay open between appends (one per live instance up to this many; past
    /// it the least recently written is closed and reopened by its next append).</summary>
    public int MaxOpenJournals { get; set; } = 1024;

    /// <summary>An instance that waits only on durable timers and events, with no timer due sooner than this, is
    /// unloaded from memory (its coroutine, input and replayed state) and replayed from its journal when a timer fires or
    /// an event arrives. Shorter waits (a busy polling loop) stay loaded, so they are not replayed every few seconds.
    /// <c>null</c> keeps every instance loaded.</summary>
    public TimeSpan? UnloadWaitsLongerThan { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many instances may stay loaded while they wait; beyond that (a burst of starts queued behind
    /// <see cref="MaxConcurrentSteps"/>, say) an instance is unloaded whenever it waits, even on a step, and replayed
    /// when the step's outcome comes back. Bounds the memory of a burst at the cost of a replay per wake.</summary>
    public int MaxLoadedInstances { get; set; } = 1000;
}
