namespace ImagePipeline.Drops;

/// <summary>
/// The standalone host's inbox folder (<c>Inbox:Directory</c>, default <c>&lt;data&gt;/inbox</c>): files dropped at its top
/// level are drops; handled ones move to <c>processed/{generation id}/</c> or <c>failed/{generation id}/</c> (with a
/// <c>.reason.txt</c>), sidecars along with them.
/// </summary>
public sealed class FolderEditDropSource
{
    public const string ProcessedFolder = "processed";
    public const string FailedFolder = "failed";

    public FolderEditDropSource(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        Root = Path.GetFullPath(rootDirectory);
    }

    public string Root { get; }

    /// <summary>The drop at <paramref name="path"/> as it is now; null when it is gone, not at the inbox's top level, or not a drop.</summary>
    public IEditDrop? Get(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileInfo(Path.GetFullPath(path, Root));
        if (!file.Exists || !string.Equals(file.DirectoryName, Root, StringComparison.Ordinal) || EditDropNames.IsIgnored(file.Name)) return null;
        return new FolderEditDrop(this, file);
    }

    /// <summary>Paths of the files waiting at the top level (sidecars, hidden and partial files left out).</summary>
    public IReadOnlyList<string> ListWaiting()
    {
        if (!Directory.Exists(Root)) return [];
        return [.. Directory.EnumerateFiles(Root).Where(path => !EditDropNames.IsIgnored(Path.GetFileName(path))).Order(StringComparer.Ordinal)];
    }

    /// <summary>The file a stored-input reference (<c>processed/{id}/{name}</c>) stands for: there once moved, still at
    /// the top level in the moment between the start of its generation and the move. Null when neither exists or the
    /// name leaves the inbox.</summary>
    public string? FindReferencedFile(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = Path.GetFullPath(name, Root);
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        if (File.Exists(path)) return path;
        var waiting = Path.Combine(Root, Path.GetFileName(path));
        if (File.Exists(waiting)) return waiting;
        // Looked at the processed folder just before the move landed and at the inbox just after it left.
        return File.Exists(path) ? path : null;
    }

    internal string FolderFor(string outcomeFolder, string generationId) => Path.Combine(Root, outcomeFolder, generationId);
}
