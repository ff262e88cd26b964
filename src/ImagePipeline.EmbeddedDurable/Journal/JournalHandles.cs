using Microsoft.Win32.SafeHandles;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>
/// Keeps the journals of live instances open between appends, so an append is one positioned write instead of an
/// open, a write and a close (and, on Unix, the advisory lock and unlock .NET adds to every open). At most
/// <c>capacity</c> descriptors stay open: past that the least recently written journal is closed and reopened by its
/// next append. Only <see cref="Get"/>, called by the journal writer alone, closes other journals' descriptors, so a
/// descriptor is never closed between the writer taking it and writing through it.
/// </summary>
internal sealed class JournalHandles(int capacity)
{
    readonly Lock _lock = new();
    readonly LinkedList<JournalFile> _open = new();

    public int OpenCount
    {
        get
        {
            lock (_lock)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Takes over the descriptor the journal was created with (the writer's next <see cref="Get"/> closes any
    /// past the capacity).</summary>
    public void Adopt(JournalFile file, SafeFileHandle handle)
    {
        lock (_lock)
        {
            Close(file);
            file.Handle = handle;
            file.OpenNode = _open.AddFirst(file);
        }
    }

    /// <summary>The journal's open descriptor, opened now if it was closed; for the journal writer only.</summary>
    public SafeFileHandle Get(JournalFile file)
    {
        lock (_lock)
        {
            if (file.Handle is { } handle && file.OpenNode is { } node)
            {
                _open.Remove(node);
                _open.AddFirst(node);
            }
            else
            {
                handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                file.Handle = handle;
                file.OpenNode = _open.AddFirst(file);
            }

            EvictOverCapacity();
            return handle;
        }
    }

    /// <summary>Closes the journal's descriptor (its instance finished or parked, so no append to it is under way);
    /// a later append would open it again.</summary>
    public void Release(JournalFile file)
    {
        lock (_lock)
        {
            Close(file);
        }
    }

    public void ReleaseAll()
    {
        lock (_lock)
        {
            while (_open.Last is { } last)
            {
                Close(last.Value);
            }
        }
    }

    void EvictOverCapacity()
    {
        while (_open.Count > capacity && _open.Last is { } last)
        {
            Close(last.Value);
        }
    }

    void Close(JournalFile file)
    {
        if (file.OpenNode is { } node)
        {
            _open.Remove(node);
            file.OpenNode = null;
        }

        file.Handle?.Dispose();
        file.Handle = null;
    }
}
