using System.Collections.ObjectModel;

namespace ImagePipeline.Standalone.Tests;

/// <summary>A list exporters may add to from their own threads while the test reads a <see cref="Snapshot"/>.</summary>
public sealed class LockedList<T> : Collection<T>
{
    readonly Lock _lock = new();

    protected override void InsertItem(int index, T item)
    {
        lock (_lock) base.InsertItem(index, item);
    }

    public List<T> Snapshot()
    {
        lock (_lock) return [.. Items];
    }
}
