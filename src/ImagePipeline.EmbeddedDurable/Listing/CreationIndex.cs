using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Listing;

/// <summary>
/// Every generation in the data folder, ordered by creation time, in memory. It is derived, never written: rebuilt at
/// start from the creation records of the journals in <c>instances/</c> and <c>completed/</c> (the journals stay the
/// truth, so no crash can leave it out of step) and added to as each start is journaled.
/// </summary>
internal sealed class CreationIndex
{
    // Oldest first; listing walks it backwards. Entries with the same instant are told apart by id.
    readonly SortedSet<CreationIndexEntry> _entries = new(Comparer<CreationIndexEntry>.Create(Compare));
    readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    public void Add(CreationIndexEntry entry)
    {
        lock (_lock) _entries.Add(entry);
    }

    /// <summary>Up to <paramref name="max"/> entries older than <paramref name="after"/> (all when null), newest first,
    /// that <paramref name="matches"/> accepts.</summary>
    public IReadOnlyList<CreationIndexEntry> Next(ListingCursor? after, Func<CreationIndexEntry, bool> matches, int max)
    {
        var found = new List<CreationIndexEntry>(Math.Min(max, 64));
        lock (_lock)
        {
            var upper = after is null ? null : new CreationIndexEntry(after.InstanceId, after.CreatedAt, null, null);
            if (_entries.Count == 0 || (upper is not null && Compare(upper, _entries.Min) < 0)) return found;
            var view = upper is null ? _entries : _entries.GetViewBetween(_entries.Min!, upper);
            foreach (var entry in view.Reverse())
            {
                if (after is not null && entry.CreatedAt == after.CreatedAt && entry.InstanceId == after.InstanceId) continue;
                if (!matches(entry)) continue;
                found.Add(entry);
                if (found.Count == max) break;
            }
        }
        return found;
    }

    static int Compare(CreationIndexEntry? x, CreationIndexEntry? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byTime = x.CreatedAt.UtcTicks.CompareTo(y.CreatedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.InstanceId, y.InstanceId);
    }

    public static bool MatchesCreation(GenerationQuery query, CreationIndexEntry entry) =>
        query.MatchesCreation(entry.Provider ?? query.Provider, entry.CreatedAt, entry.Metadata)
        && (entry.FinalStatus is not { } final || query.Statuses.Count == 0 || query.Statuses.Contains(final));
}
