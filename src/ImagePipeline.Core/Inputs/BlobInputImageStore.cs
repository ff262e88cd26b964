using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ImagePipeline.Inputs;

/// <summary>Input images as blobs in one container (<c>Storage:InputContainer</c>, default <c>pipeline-inputs</c>).
/// A blob that already exists is the same bytes (the name is their hash) and is left alone.</summary>
public sealed class BlobInputImageStore(BlobContainerClient container) : IInputImageStore
{
    volatile bool _containerExists;

    public async Task StoreAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        if (!_containerExists)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _containerExists = true;
        }
        try
        {
            await container.GetBlobClient(name).UploadAsync(new BinaryData(content),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Stored before (content-addressed): only its last-modified time moves, which is what retention reads.
            await container.GetBlobClient(name).SetMetadataAsync(new Dictionary<string, string>(), cancellationToken: cancellationToken);
        }
    }

    public async Task<bool> DeleteIfStoredBeforeAsync(string name, DateTimeOffset storedBefore, CancellationToken cancellationToken)
    {
        try
        {
            // Conditional: a store that lands between the check and the delete wins.
            var response = await container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots,
                new BlobRequestConditions { IfUnmodifiedSince = storedBefore.AddTicks(-1) }, cancellationToken);
            return response.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var download = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return download.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
