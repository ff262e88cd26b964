namespace ImagePipeline.Pipeline;

/// <summary>Proves a folder takes writes by creating it and writing (then deleting) a small file. Creating the folder
/// alone proves nothing on a full disk, and a read-only mount only shows on the first write.</summary>
public static class DataFolderProbe
{
    const string ProbeFileName = ".write-probe";

    /// <summary>Creates <paramref name="folder"/> if missing and writes <paramref name="bytes"/> into it; throws the
    /// file system's exception when that fails.</summary>
    public static void Write(string folder, int bytes = 4096)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ProbeFileName);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.DeleteOnClose);
            RandomAccess.Write(handle, new byte[bytes], 0);
        }
        finally
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Like <see cref="Write"/>, but a failure becomes a <see cref="DataFolderUnavailableException"/> that
    /// names the folder and the reason in one sentence.</summary>
    public static void EnsureWritable(string folder)
    {
        try
        {
            Write(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataFolderUnavailableException(Path.GetFullPath(folder), LocalStorageFaults.Describe(ex), ex);
        }
    }
}
