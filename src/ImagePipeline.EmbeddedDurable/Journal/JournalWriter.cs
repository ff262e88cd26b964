using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>
/// The one writer of all instance journals. Appends are queued and written in batches (group commit): each batch
/// does one positioned write per journal, through the descriptor <see cref="JournalHandles"/> keeps open for it,
/// and, only when <c>fsync</c> is on, one flush to disk per journal, then acknowledges every append in it. An
/// acknowledged append has reached the OS, so it survives a killed process.
/// </summary>
internal sealed class JournalWriter
{
    const int MaxBatchSize = 4096;

    readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    readonly bool _fsync;
    readonly ILogger _logger;
    readonly JournalHealth _health;
    readonly JournalWriteFault _fault;
    readonly JournalHandles _handles;
    Task _loop = Task.CompletedTask;
    long _writes;

    public JournalWriter(bool fsync, ILogger logger, JournalHealth health, JournalWriteFault fault, JournalHandles handles)
    {
        _handles = handles;
        _fsync = fsync;
        _logger = logger;
        _health = health;
        _fault = fault;
    }

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Positioned writes made so far (one per journal per batch).</summary>
    public long WriteCount => Interlocked.Read(ref _writes);

    /// <summary>Completes once <paramref name="bytes"/> (whole JSON lines) are in the file.</summary>
    public Task AppendAsync(JournalFile file, byte[] bytes)
    {
        var append = new PendingAppend(file, bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(append)
            ? append.Written.Task
            : Task.FromException(new ObjectDisposedException(nameof(JournalWriter), "The workflow runtime is stopping."));
    }

    /// <summary>Writes what is already queued, then refuses further appends.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _loop;
    }

    async Task RunAsync()
    {
        var batch = new List<PendingAppend>();
        var byFile = new Dictionary<JournalFile, List<PendingAppend>>(ReferenceEqualityComparer.Instance);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && reader.TryRead(out var append))
            {
                batch.Add(append);
            }

            // Group per file, keeping each file's appends in queue order.
            foreach (var append in batch)
            {
                if (!byFile.TryGetValue(append.File, out var appends))
                {
                    byFile[append.File] = appends = [];
                }

                appends.Add(append);
            }

            foreach (var (file, appends) in byFile)
            {
                Write(file, appends);
            }

            batch.Clear();
            byFile.Clear();
        }
    }

    void Write(JournalFile file, List<PendingAppend> appends)
    {
        try
        {
            _fault.ThrowIfSet();
            long total = 0;
            var handle = _handles.Get(file);
            Interlocked.Increment(ref _writes);
            if (appends.Count == 1)
            {
                RandomAccess.Write(handle, appends[0].Bytes, file.Length);
                total = appends[0].Bytes.Length;
            }
            else
            {
                var buffers = new ReadOnlyMemory<byte>[appends.Count];
                for (var i = 0; i < appends.Count; i++)
                {
                    buffers[i] = appends[i].Bytes;
                    total += appends[i].Bytes.Length;
                }

                RandomAccess.Write(handle, buffers, file.Length);
            }

            if (_fsync)
            {
                RandomAccess.FlushToDisk(handle);
            }

            file.Length += total;
            foreach (var append in appends)
            {
                append.Written.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the writer keeps serving other journals; the waiting turn sees the failure (and parks
            // its instance until writes succeed again). Nothing past file.Length counts: a partial line is a torn tail.
            // The parked instance is resumed through a fresh descriptor.
            _handles.Release(file);
            _health.RecordFailure(ex);
            _logger.LogError("Could not append to workflow journal {JournalPath}: {Reason}", file.Path, Pipeline.LocalStorageFaults.Describe(ex));
            foreach (var append in appends)
            {
                append.Written.TrySetException(ex);
            }
        }
    }

    sealed record PendingAppend(JournalFile File, byte[] Bytes, TaskCompletionSource Written);
}
