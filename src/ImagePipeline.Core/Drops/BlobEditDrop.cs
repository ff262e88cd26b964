using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ImagePipeline.Pipeline;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Drops;

/// <summary>One version of a blob in the drop container (its properties were read once; the ETag pins the version).</summary>
internal sealed class BlobEditDrop(BlobClient blob, BlobProperties properties, ILogger logger) : IEditDrop
{
    public string Scope => EditDropKeys.BlobScope;
    public string Name => blob.Name;
    public string Location => $"{blob.BlobContainerName}/{blob.Name}";
    public string Key => EditDropKeys.ForBlob(blob.BlobContainerName, blob.Name, properties.ETag.ToString());
    public long Length => properties.ContentLength;
    public DateTimeOffset LastModified => properties.LastModified;
    public IReadOnlyDictionary<string, string> Metadata { get; } = properties.Metadata.AsReadOnly();

    public async Task<byte[]> ReadPrefixAsync(int count, CancellationToken cancellationToken)
    {
        var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions
        {
            Range = new HttpRange(0, count),
            Conditions = new BlobRequestConditions { IfMatch = properties.ETag },
        }, cancellationToken);
        using var content = download.Value.Content;
        var buffer = new byte[count];
        var read = await content.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: false, cancellationToken);
        return buffer[..read];
    }

    public async Task<byte[]?> ReadSidecarAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var sidecar = blob.GetParentBlobContainerClient().GetBlobClient(EditDropNames.SidecarOf(blob.Name));
        try
        {
            var download = await sidecar.DownloadStreamingAsync(cancellationToken: cancellationToken);
            using var content = download.Value.Content;
            var buffer = new byte[maxBytes + 1];
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return buffer[..read];
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public string InputReferenceFor(string generationId) => StoredInputReference.Create(EditDropStores.Blob, blob.Name);

    public Task MarkStartedAsync(string generationId, CancellationToken cancellationToken) =>
        MarkAsync(EditDropMarks.Started, generationId, null, cancellationToken);

    public Task MarkFailedAsync(string generationId, string reason, CancellationToken cancellationToken) =>
        MarkAsync(EditDropMarks.Failed, generationId, reason, cancellationToken);

    /// <summary>Index tags, merged with the blob's own. Best effort: the generation exists either way and the id (not the
    /// mark) is what keeps a drop from starting twice.</summary>
    async Task MarkAsync(string status, string generationId, string? reason, CancellationToken cancellationToken)
    {
        try
        {
            var tags = new Dictionary<string, string>((await blob.GetTagsAsync(cancellationToken: cancellationToken)).Value.Tags, StringComparer.Ordinal)
            {
                [EditDropMarks.StatusTag] = status,
                [EditDropMarks.GenerationIdTag] = generationId,
            };
            if (reason is null) tags.Remove(EditDropMarks.ReasonTag);
            else tags[EditDropMarks.ReasonTag] = EditDropMarks.ToTagValue(reason);
            await blob.SetTagsAsync(tags, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is >= 400 and < 500)
        {
            logger.LogWarning("Could not tag drop {DropLocation} as {DropStatus} ({GenerationId}): {StorageError}", Location, status, generationId, ex.ErrorCode ?? ex.Message);
        }
    }
}
