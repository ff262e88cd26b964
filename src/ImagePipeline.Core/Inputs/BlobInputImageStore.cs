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
            // Stored before: content-addressed, so nothing to do.
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
