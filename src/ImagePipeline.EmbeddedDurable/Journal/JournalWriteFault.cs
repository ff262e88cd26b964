namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>A file-system fault tests switch on to make every journal write fail the way a full or read-only disk
/// does (the runtime's recovery must not depend on a real full disk to be tested). Never set in production.</summary>
internal sealed class JournalWriteFault
{
    volatile Exception? _failure;

    public void Set(Exception failure) => _failure = failure;

    public void Clear() => _failure = null;

    public void ThrowIfSet()
    {
        if (_failure is { } failure)
        {
            throw failure;
        }
    }
}
