using System.Globalization;
using ImagePipeline.Pipeline;

namespace ImagePipeline.Drops;

/// <summary>One file at the top level of the inbox folder, as it was when looked at (size and modification time pin the version).</summary>
internal sealed class FolderEditDrop(FolderEditDropSource source, FileInfo file) : IEditDrop
{
    readonly long _length = file.Length;
    readonly DateTime _lastWriteUtc = file.LastWriteTimeUtc;

    public string Scope => EditDropKeys.InboxScope;
    public string Name => file.Name;
    public string Location => $"inbox/{file.Name}";
    public string Key => EditDropKeys.ForFile(file.Name, _length, _lastWriteUtc);
    public long Length => _length;
    public DateTimeOffset LastModified => new(_lastWriteUtc, TimeSpan.Zero);
    public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();

    string SidecarPath => Path.Combine(source.Root, EditDropNames.SidecarOf(file.Name));

    public async Task<byte[]> ReadPrefixAsync(int count, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        var buffer = new byte[count];
        var read = await stream.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, cancellationToken);
        return buffer[..read];
    }

    public async Task<byte[]?> ReadSidecarAsync(int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(SidecarPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
            var buffer = new byte[maxBytes + 1];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return buffer[..read];
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public string InputReferenceFor(string generationId) =>
        StoredInputReference.Create(EditDropStores.Inbox, $"{FolderEditDropSource.ProcessedFolder}/{generationId}/{file.Name}");

    public Task MarkStartedAsync(string generationId, CancellationToken cancellationToken)
    {
        MoveInto(source.FolderFor(FolderEditDropSource.ProcessedFolder, generationId));
        return Task.CompletedTask;
    }

    public async Task MarkFailedAsync(string generationId, string reason, CancellationToken cancellationToken)
    {
        var folder = source.FolderFor(FolderEditDropSource.FailedFolder, generationId);
        MoveInto(folder);
        var text = string.Create(CultureInfo.InvariantCulture, $"{reason}{Environment.NewLine}{Environment.NewLine}Generation: {generationId}{Environment.NewLine}");
        await File.WriteAllTextAsync(Path.Combine(folder, file.Name + EditDropNames.ReasonSuffix), text, cancellationToken);
    }

    /// <summary>Moves the file and its sidecar (a rename: the same file, never a copy). A file already moved by an
    /// earlier pass is left where it is.</summary>
    void MoveInto(string folder)
    {
        Directory.CreateDirectory(folder);
        MoveIfPresent(file.FullName, Path.Combine(folder, file.Name));
        MoveIfPresent(SidecarPath, Path.Combine(folder, Path.GetFileName(SidecarPath)));
    }

    static void MoveIfPresent(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: true);
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
