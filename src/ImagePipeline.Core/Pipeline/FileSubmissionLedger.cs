using System.Collections.Concurrent;
using System.Text.Json;
using ImagePipeline.Serialization;

namespace ImagePipeline.Pipeline;

/// <summary>The standalone host's ledger: one small file per generation, created with CreateNew so two attempts can
/// never both begin.</summary>
public sealed class FileSubmissionLedger(string directory, TimeProvider timeProvider) : ISubmissionLedger
{
    // Job ids the provider returned while the folder could not take the write (a full disk). The step that got one is
    // re-run once the disk has room (its result could not be journaled either); without this it would find only "an
    // attempt of unknown outcome" and the generation would fail for a job that exists. Lost only on a restart.
    readonly ConcurrentDictionary<string, SubmissionRecord> _unwritten = new(StringComparer.Ordinal);

    // Attempts begun by this process whose job id is not recorded yet: completing one needs its start time, which is
    // then not read back from the file it was just written to. Bounded by the submits in flight.
    readonly ConcurrentDictionary<string, SubmissionRecord> _begun = new(StringComparer.Ordinal);

    public async Task<SubmissionRecord?> TryBeginAsync(string generationId, CancellationToken cancellationToken = default)
    {
        if (_unwritten.TryGetValue(generationId, out var remembered))
        {
            await TryWriteCompletedAsync(generationId, remembered, cancellationToken);
            return remembered;
        }

        Directory.CreateDirectory(directory);
        var path = PathFor(generationId);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            _begun.TryRemove(generationId, out _); // an ambiguous submit's retry: not left behind if it never completes
            return await ReadAsync(path, cancellationToken);
        }

        try
        {
            var begun = new SubmissionRecord(timeProvider.GetUtcNow(), null);
            await using (stream)
            {
                await JsonSerializer.SerializeAsync(stream, begun, WorkflowJson.Options, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
            _begun[generationId] = begun;
            return null;
        }
        catch
        {
            // Nothing was sent yet: an empty file left by a failed write (a full disk) would read as an earlier submit of
            // unknown outcome and block the real one when the step runs again.
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Never throws for a folder that cannot be written: the job exists at the provider, so its id is kept in
    /// memory (and written on the next look-up) rather than lost with the step's failure.</summary>
    public async Task CompleteAsync(string generationId, string providerJobId, CancellationToken cancellationToken = default)
    {
        var record = (_begun.TryRemove(generationId, out var begun) ? begun : await ReadAsync(PathFor(generationId), cancellationToken))
            ?? new SubmissionRecord(timeProvider.GetUtcNow(), null);
        var completed = record with { ProviderJobId = providerJobId };
        _unwritten[generationId] = completed;
        await TryWriteCompletedAsync(generationId, completed, cancellationToken);
    }

    async Task TryWriteCompletedAsync(string generationId, SubmissionRecord record, CancellationToken cancellationToken)
    {
        var path = PathFor(generationId);
        var temporary = path + ".tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(record, WorkflowJson.Options), cancellationToken);
            File.Move(temporary, path, overwrite: true);
            _unwritten.TryRemove(generationId, out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public async Task<SubmissionRecord?> FindAsync(string generationId, CancellationToken cancellationToken = default) =>
        _unwritten.TryGetValue(generationId, out var remembered) ? remembered : await ReadAsync(PathFor(generationId), cancellationToken);

    public Task AbandonAsync(string generationId, CancellationToken cancellationToken = default)
    {
        _unwritten.TryRemove(generationId, out _);
        _begun.TryRemove(generationId, out _);
        File.Delete(PathFor(generationId));
        return Task.CompletedTask;
    }

    static async Task<SubmissionRecord?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var json = await File.ReadAllTextAsync(path, cancellationToken);
            // An empty file is an attempt that died while being recorded: still an attempt of unknown fate.
            return json.Length == 0 ? new SubmissionRecord(DateTimeOffset.MinValue, null) : JsonSerializer.Deserialize<SubmissionRecord>(json, WorkflowJson.Options);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    string PathFor(string generationId) => Path.Combine(directory, Uri.EscapeDataString(generationId) + ".submit.json");
}
