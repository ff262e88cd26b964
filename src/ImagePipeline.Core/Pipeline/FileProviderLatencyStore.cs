using System.Collections.Concurrent;
using System.Text.Json;
using ImagePipeline.Serialization;

namespace ImagePipeline.Pipeline;

/// <summary>The standalone host's latency store: one small JSON file per provider and model in the data folder,
/// rewritten whole (temporary file, then move) under a lock, so concurrent completions in this process never lose one
/// another's sample and a reader never sees half a file. The data folder belongs to one process (the host locks it),
/// so what this store last read or wrote is the file's content: each file is read once per process, not on every start.</summary>
public sealed class FileProviderLatencyStore(string directory, int keep) : IProviderLatencyStore, IDisposable
{
    readonly SemaphoreSlim _lock = new(1, 1);
    readonly ConcurrentDictionary<string, ProviderLatencyHistory> _known = new(StringComparer.Ordinal);

    public async Task RecordAsync(string provider, string model, TimeSpan latency, CancellationToken cancellationToken = default)
    {
        var name = ProviderLatencyHistory.NameFor(provider, model);
        var path = Path.Combine(directory, name);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(directory);
            var updated = (_known.TryGetValue(name, out var known) ? known : await ReadAsync(path, cancellationToken)).With(latency, keep);
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(updated, WorkflowJson.Options), cancellationToken);
            File.Move(temporary, path, overwrite: true);
            _known[name] = updated;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<TimeSpan>> ReadRecentAsync(string provider, string model, CancellationToken cancellationToken = default)
    {
        var name = ProviderLatencyHistory.NameFor(provider, model);
        if (_known.TryGetValue(name, out var known)) return known.Latencies;
        var read = await ReadAsync(Path.Combine(directory, name), cancellationToken);
        // A sample recorded meanwhile wins: it was written over what was just read.
        return _known.GetOrAdd(name, read).Latencies;
    }

    static async Task<ProviderLatencyHistory> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var json = await File.ReadAllTextAsync(path, cancellationToken);
            return JsonSerializer.Deserialize<ProviderLatencyHistory>(json, WorkflowJson.Options) ?? ProviderLatencyHistory.Empty;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // A damaged history only costs what it would have taught: start again.
            return ProviderLatencyHistory.Empty;
        }
    }

    public void Dispose() => _lock.Dispose();
}
