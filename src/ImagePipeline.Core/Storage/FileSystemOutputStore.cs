using System.Buffers;
using System.Text.Json;
using ImagePipeline.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Storage;

/// <summary>
/// Stores outputs in a folder on disk (the standalone host's default). Each output is written to a temporary file in
/// its final folder and then renamed over the destination, so readers never see half a file and a retried archive
/// replaces the earlier copy. A JSON sidecar <c>{index}.{ext}.json</c> records content type, size, SHA-256 and size in pixels.
/// </summary>
public sealed class FileSystemOutputStore : IOutputStore
{
    const int CopyBufferSize = 81920;
    const string SidecarSuffix = ".json";

    readonly string _root;
    readonly ILogger _logger;

    public FileSystemOutputStore(IOptions<FileSystemOutputStoreOptions> options, ILogger<FileSystemOutputStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = options.Value.RootDirectory;
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("RootDirectory is required.", nameof(options));
        _root = Path.GetFullPath(root);
        _logger = logger ?? NullLogger<FileSystemOutputStore>.Instance;
    }

    public string RootDirectory => _root;

    public async Task<StoredOutput> SaveAsync(OutputWrite write, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Path.Combine(_root, OutputNames.FolderOf(write));
        // A new folder holds no earlier attempt to clean up after (a stat here saves listing the folder afterwards).
        var earlierAttemptPossible = Directory.Exists(folder);
        Directory.CreateDirectory(folder);
        // The extension is known only once the bytes are seen, so the temporary file carries none; same folder = atomic rename.
        var temporary = Path.Combine(folder, $".{write.Index}.{Guid.NewGuid():N}.tmp");
        var temporarySidecar = temporary + SidecarSuffix;
        var renamed = false;
        try
        {
            using var observer = new OutputContentObserver();
            // Unbuffered (bufferSize 0): the copy already writes whole 80 KiB chunks; a FileStream buffer would only add a copy and an allocation.
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await CopyAsync(content, file, observer, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }
            var (sha256, image) = observer.Finish();
            var (contentType, extension) = OutputNames.Resolve(image.Format, write.DeclaredContentType);
            var name = OutputNames.NameOf(write, extension);
            var destination = Path.Combine(_root, name);

            var record = new StoredOutputRecord(name, contentType, observer.Bytes, sha256, image.Width, image.Height,
                write.GenerationId, write.Index, write.CreatedAt, write.Metadata);
            await File.WriteAllBytesAsync(temporarySidecar, JsonSerializer.SerializeToUtf8Bytes(record, WorkflowJson.Options), cancellationToken);

            File.Move(temporary, destination, overwrite: true);
            File.Move(temporarySidecar, destination + SidecarSuffix, overwrite: true);
            renamed = true;
            if (earlierAttemptPossible)
            {
                RemoveOtherFormats(folder, write.Index, Path.GetFileName(destination));
            }

            _logger.LogInformation("Stored output {OutputName} ({Bytes} bytes, {ContentType})", name, observer.Bytes, contentType);
            return new StoredOutput(new Uri(destination).AbsoluteUri, contentType, observer.Bytes, sha256, image.Width, image.Height, name);
        }
        finally
        {
            // Once both are renamed there is nothing left to delete (two unlinks per output saved).
            if (!renamed)
            {
                TryDelete(temporary);
                TryDelete(temporarySidecar);
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = Path.GetFullPath(Path.Combine(_root, name));
        // Refuse names that climb out of the root ("../").
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return Task.FromResult<Stream?>(null);
        }
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<int> DeleteGenerationAsync(string generationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(_root, OutputNames.FolderOf(new OutputWrite(generationId, 0, createdAt)));
        if (!Directory.Exists(folder)) return Task.FromResult(0);
        // Sidecars and leftover temporary files go with the folder; only the outputs themselves are counted.
        var outputs = Directory.EnumerateFiles(folder).Count(path => !path.EndsWith(SidecarSuffix, StringComparison.Ordinal) && !path.EndsWith(".tmp", StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
        _logger.LogInformation("Deleted {OutputCount} outputs of {GenerationId} from {OutputFolder}", outputs, generationId, folder);
        return Task.FromResult(outputs);
    }

    static async Task CopyAsync(Stream source, Stream destination, OutputContentObserver observer, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken)) > 0)
            {
                observer.Observe(buffer.AsSpan(0, read));
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A retry whose bytes turned out to be another format must not leave the old copy beside the new one.</summary>
    void RemoveOtherFormats(string folder, int index, string keep)
    {
        foreach (var path in Directory.EnumerateFiles(folder, $"{index}.*"))
        {
            var fileName = Path.GetFileName(path);
            if (fileName == keep || fileName == keep + SidecarSuffix) continue;
            _logger.LogInformation("Removing superseded output {OutputPath}", path);
            TryDelete(path);
        }
    }

    static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary file is harmless and never read.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
