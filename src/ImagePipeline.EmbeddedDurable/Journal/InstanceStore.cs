using System.Text.Json;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>
/// The data folder: <c>instances/</c> holds the journal of every unfinished instance, <c>completed/</c> the journal
/// of every finished one, moved there whole once it ends in its final record (one rename: so start-up only reads
/// unfinished work, and status queries still answer later). Folders written by earlier versions may also hold a
/// compact <c>.json</c> record per finished instance in <c>completed/</c>; those are still read.
/// An instance's journal file is created with <see cref="FileMode.CreateNew"/>, which is what makes "at most one
/// instance per id" hold across threads and restarts.
/// </summary>
internal sealed class InstanceStore
{
    const string JournalExtension = ".journal";
    const string CompletedExtension = ".json";
    const string TemporaryExtension = ".tmp";

    // Large enough that a disk with barely a few bytes free does not pass for writable and stall everything again.
    const int ProbeBytes = 64 * 1024;

    readonly JournalWriteFault _fault;
    readonly JournalHandles _handles;

    public InstanceStore(string dataDirectory, JournalWriteFault fault, JournalHandles handles)
    {
        _fault = fault;
        _handles = handles;
        var root = RootDirectory = Path.GetFullPath(dataDirectory);
        InstancesDirectory = Path.Combine(root, "instances");
        CompletedDirectory = Path.Combine(root, "completed");
    }

    public string RootDirectory { get; }

    public string InstancesDirectory { get; }

    public string CompletedDirectory { get; }

    public void EnsureCreated()
    {
        Directory.CreateDirectory(InstancesDirectory);
        Directory.CreateDirectory(CompletedDirectory);
    }

    /// <summary>Holds the folder for this runtime: two runtimes (or processes) resuming the same journals would run
    /// every instance twice.</summary>
    public IDisposable AcquireExclusiveUse()
    {
        var path = Path.Combine(RootDirectory, ".lock");
        try
        {
            return DataFolderLock.Acquire(path);
        }
        catch (IOException ex) when (!Pipeline.LocalStorageFaults.IsUnwritable(ex))
        {
            throw new InvalidOperationException($"The workflow data folder {RootDirectory} is in use by another runtime.", ex);
        }
    }

    /// <summary>Proves the journal folder takes writes (a probe file about the size of a large journal batch).</summary>
    public void ProbeWritable()
    {
        _fault.ThrowIfSet();
        Pipeline.DataFolderProbe.Write(InstancesDirectory, ProbeBytes);
    }

    public string JournalPath(string instanceId) => Path.Combine(InstancesDirectory, InstanceFileNames.For(instanceId) + JournalExtension);

    public string CompletedJournalPath(string instanceId) => Path.Combine(CompletedDirectory, InstanceFileNames.For(instanceId) + JournalExtension);

    /// <summary>The compact record earlier versions wrote for a finished instance.</summary>
    public string CompactRecordPath(string instanceId) => Path.Combine(CompletedDirectory, InstanceFileNames.For(instanceId) + CompletedExtension);

    public bool CompletedExists(string instanceId) => File.Exists(CompletedJournalPath(instanceId)) || File.Exists(CompactRecordPath(instanceId));

    public IEnumerable<string> EnumerateJournals() =>
        Directory.Exists(InstancesDirectory) ? Directory.EnumerateFiles(InstancesDirectory, "*" + JournalExtension) : [];

    /// <summary>Creates the (empty) journal, or returns null when the instance already exists. Its descriptor stays
    /// open (in <see cref="JournalHandles"/>) for the appends; the first one holds the creation record.</summary>
    public JournalFile? TryCreateJournal(string instanceId)
    {
        _fault.ThrowIfSet();
        var path = JournalPath(instanceId);
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }

        var journal = new JournalFile(path, 0);
        _handles.Adopt(journal, handle);
        return journal;
    }

    /// <summary>Removes a journal whose creation record could not be written: an empty journal left behind would
    /// make the id look taken while nothing runs under it.</summary>
    public void AbandonCreatedJournal(JournalFile journal)
    {
        _handles.Release(journal);
        DeleteIfExists(journal.Path);
    }

    public WorkflowInstance? ReadCompleted(string instanceId)
    {
        if (TryReadJournal(CompletedJournalPath(instanceId)) is { Terminal: not null } journal && journal.Created?.InstanceId == instanceId)
        {
            return Summarize(journal);
        }

        try
        {
            return JsonSerializer.Deserialize<WorkflowInstance>(File.ReadAllBytes(CompactRecordPath(instanceId)), WorkflowJson.Options);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Finished instances whose last record is older than <paramref name="endedBefore"/>. Only files last written
    /// before then are read: a finished journal is not written after its final record.</summary>
    public List<WorkflowInstance> FindCompletedBefore(DateTimeOffset endedBefore)
    {
        var found = new List<WorkflowInstance>();
        if (!Directory.Exists(CompletedDirectory)) return found;
        foreach (var file in new DirectoryInfo(CompletedDirectory).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= endedBefore.UtcDateTime) continue;
            var instance = file.Extension switch
            {
                JournalExtension => TryReadJournal(file.FullName) is { Terminal: not null, Created: not null } journal ? Summarize(journal) : null,
                CompletedExtension => TryReadCompactRecord(file.FullName),
                _ => null,
            };
            if (instance is not null && instance.LastUpdatedAt < endedBefore) found.Add(instance);
        }
        return found;
    }

    /// <summary>Deletes a finished instance's files (journal and any compact record); false when it had none.</summary>
    public bool DeleteCompleted(string instanceId)
    {
        var journal = CompletedJournalPath(instanceId);
        var compact = CompactRecordPath(instanceId);
        var existed = File.Exists(journal) || File.Exists(compact);
        DeleteIfExists(journal);
        DeleteIfExists(compact);
        return existed;
    }

    static WorkflowInstance? TryReadCompactRecord(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowInstance>(File.ReadAllBytes(path), WorkflowJson.Options);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The instance as the files describe it, for instances this runtime does not hold in memory.</summary>
    public WorkflowInstance? ReadFromDisk(string instanceId)
    {
        if (ReadCompleted(instanceId) is { } completed)
        {
            return completed;
        }

        return TryReadJournal(JournalPath(instanceId)) is { } journal && journal.Created?.InstanceId == instanceId ? Summarize(journal) : null;
    }

    static LoadedJournal? TryReadJournal(string path)
    {
        try
        {
            return JournalReader.Read(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static WorkflowInstance Summarize(LoadedJournal journal)
    {
        var created = journal.Created ?? throw new InvalidOperationException("The journal has no creation record.");
        var status = journal.Terminal?.Kind switch
        {
            JournalRecordKind.Completed => WorkflowRuntimeStatus.Completed,
            JournalRecordKind.Failed => WorkflowRuntimeStatus.Failed,
            _ => journal.HasProgress ? WorkflowRuntimeStatus.Running : WorkflowRuntimeStatus.Pending,
        };
        return new WorkflowInstance(
            created.InstanceId!,
            status,
            created.At,
            journal.LastAt,
            created.Data?.GetRawText(),
            journal.LastCustomStatus?.Data?.GetRawText(),
            journal.Terminal?.Kind == JournalRecordKind.Completed ? journal.Terminal.Data?.GetRawText() : null,
            journal.Terminal?.Kind == JournalRecordKind.Failed ? journal.Terminal.Message : null);
    }

    /// <summary>Moves the journal of a finished instance (it ends in its final record) to <c>completed/</c>, where
    /// status queries read it and start-up does not look. A crash before the move is finished on the next start.</summary>
    public void RetireJournal(string instanceId, string journalPath) =>
        File.Move(journalPath, CompletedJournalPath(instanceId), overwrite: true);

    public static void Truncate(string path, long length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.SetLength(handle, length);
    }

    public static void DeleteIfExists(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Removes half-written compact records left by a crash of an earlier version (their journals are still
    /// in place).</summary>
    public void DeleteTemporaryFiles()
    {
        foreach (var path in Directory.EnumerateFiles(CompletedDirectory, "*" + TemporaryExtension))
        {
            DeleteIfExists(path);
        }
    }
}
