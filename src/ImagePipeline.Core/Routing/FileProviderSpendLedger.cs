using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ImagePipeline.Serialization;

namespace ImagePipeline.Routing;

/// <summary>The standalone host's spend ledger: one small JSON file per provider and UTC day in the data folder,
/// rewritten whole (temporary file, then move) under a lock. The data folder belongs to one process, so each file is
/// read once and then known. Days older than <see cref="KeepDays"/> are deleted when a provider's new day begins.</summary>
public sealed class FileProviderSpendLedger(string directory) : IProviderSpendLedger, IDisposable
{
    /// <summary>Only today counts for a budget; a week back is kept to look at.</summary>
    public const int KeepDays = 7;

    readonly SemaphoreSlim _lock = new(1, 1);
    readonly ConcurrentDictionary<string, ProviderDailySpend> _known = new(StringComparer.Ordinal);

    public async Task RecordAsync(string provider, string attemptKey, decimal usd, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ProviderDailySpend.CheckRecord(provider, attemptKey, usd);
        var day = ProviderDailySpend.DayOf(at);
        var name = ProviderDailySpend.NameFor(provider, day);
        var path = Path.Combine(directory, name);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var current = await KnownOrReadAsync(name, day, cancellationToken);
            var updated = current.With(attemptKey, usd);
            if (ReferenceEquals(updated, current)) return;
            var isNewDay = current.Attempts.Count == 0 && !File.Exists(path);
            Directory.CreateDirectory(directory);
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(updated, WorkflowJson.Options), cancellationToken);
            File.Move(temporary, path, overwrite: true);
            _known[name] = updated;
            if (isNewDay) DeleteDaysBefore(provider, day.AddDays(-KeepDays));
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<decimal> SpentOnAsync(string provider, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        var day = ProviderDailySpend.DayOf(at);
        var name = ProviderDailySpend.NameFor(provider, day);
        if (_known.TryGetValue(name, out var known)) return known.Total;
        var read = await ReadAsync(Path.Combine(directory, name), day, cancellationToken);
        // A record written meanwhile wins: it was written over what was just read.
        return _known.GetOrAdd(name, read).Total;
    }

    async Task<ProviderDailySpend> KnownOrReadAsync(string name, DateOnly day, CancellationToken cancellationToken) =>
        _known.TryGetValue(name, out var known) ? known : await ReadAsync(Path.Combine(directory, name), day, cancellationToken);

    static async Task<ProviderDailySpend> ReadAsync(string path, DateOnly day, CancellationToken cancellationToken)
    {
        try
        {
            var json = await File.ReadAllTextAsync(path, cancellationToken);
            return JsonSerializer.Deserialize<ProviderDailySpend>(json, WorkflowJson.Options) ?? ProviderDailySpend.EmptyOn(day);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            // Files are replaced whole, so a damaged one was damaged outside this app: start the day again rather than
            // fail every generation that checks a budget.
            return ProviderDailySpend.EmptyOn(day);
        }
    }

    void DeleteDaysBefore(string provider, DateOnly oldest)
    {
        var prefix = ProviderDailySpend.NameFor(provider, oldest)[..^"yyyy-MM-dd.json".Length];
        foreach (var file in Directory.EnumerateFiles(directory, prefix + "*.json"))
        {
            var dayText = Path.GetFileNameWithoutExtension(file)[prefix.Length..];
            if (DateOnly.TryParseExact(dayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < oldest)
                File.Delete(file);
        }
    }

    public void Dispose() => _lock.Dispose();
}
