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
}
