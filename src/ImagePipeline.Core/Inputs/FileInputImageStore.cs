namespace ImagePipeline.Inputs;

/// <summary>Input images as files in one folder (standalone host: <c>&lt;data&gt;/inputs</c>). Written to a temporary
/// name and moved into place, so a reader never sees half an image.</summary>
public sealed class FileInputImageStore(string directory) : IInputImageStore
{
    public string Directory { get; } = directory;

    public async Task StoreAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(name);
        if (File.Exists(path))
        {
            // Stored before; the new use is what retention must see (DeleteIfStoredBeforeAsync).
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return;
        }
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary); // the same bytes arrived twice at once: one copy is enough
        }
    }

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<bool> DeleteIfStoredBeforeAsync(string name, DateTimeOffset storedBefore, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) >= storedBefore.UtcDateTime) return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    /// <summary>Names are content hashes; anything that could leave the folder is refused.</summary>
    string PathOf(string name)
    {
        if (string.IsNullOrEmpty(name) || name != Path.GetFileName(name) || name.StartsWith('.'))
            throw new ArgumentException($"'{name}' is not a stored input name.", nameof(name));
        return Path.Combine(Directory, name);
    }
}
