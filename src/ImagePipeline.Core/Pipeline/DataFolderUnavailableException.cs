namespace ImagePipeline.Pipeline;

/// <summary>A data folder that cannot be created or written. Hosts report its message as one line and exit non-zero
/// at start-up: running on would accept work that cannot be kept.</summary>
public sealed class DataFolderUnavailableException : Exception
{
    public DataFolderUnavailableException()
        : this("The data folder cannot be written.")
    {
    }

    public DataFolderUnavailableException(string message)
        : base(message)
    {
    }

    public DataFolderUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public DataFolderUnavailableException(string folder, string reason, Exception? innerException)
        : base($"The data folder {folder} cannot be written: {reason}. Make it writable, free space, or point Runtime__DataDirectory at another folder.", innerException)
    {
        Folder = folder;
    }

    public string? Folder { get; }
}
