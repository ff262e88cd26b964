using System.Buffers;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ImagePipeline.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Storage;

/// <summary>
/// Stores outputs in Azure Blob Storage. An output that fits in one block (<see cref="BlobOutputStoreOptions.UploadBlockSize"/>)
/// is put in one call; a larger one is staged as blocks while it streams in. Either way it is hashed and sniffed on the
/// way, and the call that makes it visible also sets the content type and the metadata (<c>sha256</c>, <c>width</c>,
/// <c>height</c>, <c>generationid</c>, <c>index</c>), so a blob is never visible without them. Only the first few bytes are
/// read before the name is chosen, because the extension comes from the magic bytes.
/// </summary>
public sealed class BlobOutputStore : IOutputStore
{
    public const string Sha256MetadataKey = "sha256";
    public const string WidthMetadataKey = "width";
    public const string HeightMetadataKey = "height";
    public const string GenerationIdMetadataKey = "generationid";
    public const string IndexMetadataKey = "index";

    readonly BlobContainerClient _container;
    readonly int _blockSize;
    readonly ILogger _logger;
    readonly Lock _gate = new();
    Task? _containerReady;

    public BlobOutputStore(IOptions<BlobOutputStoreOptions> options, ILogger<BlobOutputStore>? logger = null)
        : this(CreateServiceClient(options), options, logger)
    {
    }

    /// <summary>For DI and tests that already hold a <see cref="BlobServiceClient"/>; connection settings in the options are ignored.</summary>
    public BlobOutputStore(BlobServiceClient serviceClient, IOptions<BlobOutputStoreOptions> options, ILogger<BlobOutputStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(serviceClient);
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        ArgumentException.ThrowIfNullOrWhiteSpace(value.ContainerName, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(value.UploadBlockSize, ImageFormatSniffer.SignatureLength, nameof(options));
        _container = serviceClient.GetBlobContainerClient(value.ContainerName);
        _blockSize = value.UploadBlockSize;
        _logger = logger ?? NullLogger<BlobOutputStore>.Instance;
    }

    public BlobContainerClient Container => _container;

    public async Task<StoredOutput> SaveAsync(OutputWrite write, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = OutputNames.FolderOf(write); // validates before anything is sent
        await EnsureContainerAsync(cancellationToken);

        using var observer = new OutputContentObserver();
        var buffer = ArrayPool<byte>.Shared.Rent(_blockSize);
        try
        {
            // Peek the magic bytes: they decide the extension, hence the name, before the first block is staged.
            var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, _blockSize), ImageFormatSniffer.SignatureLength, throwOnEndOfStream: false, cancellationToken);
            var format = ImageFormatSniffer.DetectFormat(buffer.AsSpan(0, filled));
            var (contentType, extension) = OutputNames.Resolve(format, write.DeclaredContentType);
            var name = OutputNames.NameOf(write, extension);
            var blob = _container.GetBlockBlobClient(name);

            // Block ids must all have one length within a blob; a per-attempt prefix keeps a concurrent retry's blocks apart.
            var attempt = Guid.NewGuid().ToString("N");
            var blockIds = new List<string>();
            if (filled >= ImageFormatSniffer.SignatureLength && filled < _blockSize)
            {
                // Top the peeked prefix up to a full first block (a shorter peek already means the content ended).
                filled += await content.ReadAtLeastAsync(buffer.AsMemory(filled, _blockSize - filled), _blockSize - filled, throwOnEndOfStream: false, cancellationToken);
            }
            if (filled < _blockSize)
            {
                // The whole output fit in the first block (most do): one Put Blob with its headers and metadata, instead of
                // staging it and then committing a one-block list, saves a round trip to storage on every archive.
                observer.Observe(buffer.AsSpan(0, filled));
                var (singleSha256, singleImage) = observer.Finish();
                using (var whole = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    await blob.UploadAsync(whole, new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                        Metadata = BuildMetadata(write, singleSha256, singleImage),
                    }, cancellationToken);
                }
                return await FinishAsync(folder, write, name, blob, contentType, observer.Bytes, singleSha256, singleImage, cancellationToken);
            }
            while (filled > 0)
            {
                observer.Observe(buffer.AsSpan(0, filled));
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{attempt}-{blockIds.Count:D6}")));
                using (var block = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    await blob.StageBlockAsync(blockId, block, options: null, cancellationToken);
                }
                blockIds.Add(blockId);
                if (filled < _blockSize) break; // the content ended inside this block
                filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, _blockSize), _blockSize, throwOnEndOfStream: false, cancellationToken);
            }

            var (sha256, image) = observer.Finish();
            var metadata = BuildMetadata(write, sha256, image);
            await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = metadata,
            }, cancellationToken);
            return await FinishAsync(folder, write, name, blob, contentType, observer.Bytes, sha256, image, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    async Task<StoredOutput> FinishAsync(string folder, OutputWrite write, string name, BlockBlobClient blob, string contentType, long bytes,
        string sha256, ImageInfo image, CancellationToken cancellationToken)
    {
        await RemoveOtherFormatsAsync(folder, write.Index, name, cancellationToken);
        _logger.LogInformation("Stored output {OutputName} in {Container} ({Bytes} bytes, {ContentType})", name, _container.Name, bytes, contentType);
        return new StoredOutput(blob.Uri.AbsoluteUri, contentType, bytes, sha256, image.Width, image.Height, name);
    }

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            return await _container.GetBlobClient(name).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<int> DeleteGenerationAsync(string generationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        var prefix = OutputNames.FolderOf(new OutputWrite(generationId, 0, createdAt)) + "/";
        var deleted = 0;
        try
        {
            await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                if ((await _container.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)).Value) deleted++;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: nothing was ever archived.
        }
        _logger.LogInformation("Deleted {OutputCount} outputs of {GenerationId} from {Container}", deleted, generationId, _container.Name);
        return deleted;
    }

    Dictionary<string, string> BuildMetadata(OutputWrite write, string sha256, ImageInfo image)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (write.Metadata is not null)
        {
            foreach (var (key, value) in write.Metadata)
            {
                // Blob metadata names must be C# identifiers and values ASCII; anything else would fail the whole upload.
                if (IsValidMetadataName(key) && value.All(c => c is >= ' ' and <= '~'))
                {
                    metadata[key] = value;
                }
                else
                {
                    _logger.LogWarning("Metadata {MetadataKey} of generation {GenerationId} is not valid blob metadata and was not stored", key, write.GenerationId);
                }
            }
        }
        // Ours last, so caller metadata cannot shadow them.
        metadata[Sha256MetadataKey] = sha256;
        metadata[GenerationIdMetadataKey] = write.GenerationId;
        metadata[IndexMetadataKey] = write.Index.ToString(CultureInfo.InvariantCulture);
        if (image.Width is { } width) metadata[WidthMetadataKey] = width.ToString(CultureInfo.InvariantCulture);
        if (image.Height is { } height) metadata[HeightMetadataKey] = height.ToString(CultureInfo.InvariantCulture);
        return metadata;
    }

    static bool IsValidMetadataName(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A retry whose bytes turned out to be another format must not leave the old blob beside the new one.</summary>
    async Task RemoveOtherFormatsAsync(string folder, int index, string keep, CancellationToken cancellationToken)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{folder}/{index}.");
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            if (item.Name == keep) continue;
            _logger.LogInformation("Removing superseded output {OutputName}", item.Name);
            await _container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken);
        }
    }

    Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Created once per store; a failed attempt is forgotten so the next save tries again.
            if (_containerReady is null || _containerReady.IsFaulted || _containerReady.IsCanceled)
            {
                _containerReady = _container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            }
            return _containerReady.WaitAsync(cancellationToken);
        }
    }

    static BlobServiceClient CreateServiceClient(IOptions<BlobOutputStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        return StorageClients.CreateBlobServiceClient(value.ConnectionString, value.ServiceUri);
    }
}
