using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Validation;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Drops;

/// <summary>
/// Resolves <c>stored-input:blob-drop/{name}</c> at submit time: providers that take the bytes (Runware, Luma, Scenario)
/// get a data URI; URL-only providers (Segmind, GMI Cloud) get a short-lived read-only SAS URL of the blob — a service SAS
/// when the client holds the account key (connection string), else a user-delegation SAS signed with a key fetched
/// through the managed identity (<see cref="BlobServiceClient.GetUserDelegationKeyAsync"/>).
/// </summary>
public sealed class BlobInputImageResolver(BlobEditDropSource source, IOptions<EditDropOptions> options, TimeProvider timeProvider) : IInputImageResolver
{
    /// <summary>Start of a SAS's validity is back-dated by this much, for clock skew between us and storage.</summary>
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public bool CanResolve(string image) =>
        StoredInputReference.IsReference(image) && image.StartsWith(StoredInputReference.Create(EditDropStores.Blob, ""), StringComparison.Ordinal);

    public async Task<string> ResolveAsync(string image, ImageInputForms accepted, CancellationToken cancellationToken)
    {
        var (_, name) = StoredInputReference.Parse(image);
        var blob = source.Container.GetBlobClient(name);
        var location = $"{blob.BlobContainerName}/{name}";
        try
        {
            if (accepted.HasFlag(ImageInputForms.Data))
            {
                var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
                using var content = download.Value.Content;
                if (download.Value.Details.ContentLength > options.Value.MaxImageBytes) throw DroppedImageData.TooLarge(location, options.Value.MaxImageBytes);
                return await DroppedImageData.ToDataUriAsync(content, options.Value.MaxImageBytes, location, cancellationToken);
            }
            if (accepted.HasFlag(ImageInputForms.Url))
            {
                if (!await blob.ExistsAsync(cancellationToken)) throw DroppedImageData.Missing(location);
                return (await CreateReadSasAsync(blob, cancellationToken)).AbsoluteUri;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw DroppedImageData.Missing(location);
        }
        throw new ProviderException(DroppedImageData.ErrorSource, ProviderErrorCodes.InvalidInput, "This provider model takes no source image.");
    }

    async Task<Uri> CreateReadSasAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expiresOn = now + options.Value.SasLifetime;
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(BlobSasPermissions.Read, expiresOn);

        var key = await source.ServiceClient.GetUserDelegationKeyAsync(now - ClockSkew, expiresOn, cancellationToken);
        var sas = new BlobSasBuilder
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - ClockSkew,
            ExpiresOn = expiresOn,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        sas.SetPermissions(BlobSasPermissions.Read);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, source.ServiceClient.AccountName) }.ToUri();
    }
}
