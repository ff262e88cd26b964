using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ImagePipeline.Storage;

/// <summary>
/// The one place that turns the <c>Storage</c> settings into Azure Storage clients: <c>Storage:ConnectionString</c>
/// (Azurite or an account key) wins, else <c>Storage:ServiceUri</c> with managed identity. One
/// <see cref="DefaultAzureCredential"/> serves the whole process, so its token cache is shared.
/// </summary>
public static class StorageClients
{
    static readonly Lazy<TokenCredential> Credential = new(() => new DefaultAzureCredential());

    /// <summary>The process-wide credential for managed identity (Blob, Queue, Event Grid).</summary>
    public static TokenCredential SharedCredential => Credential.Value;

    public static BlobServiceClient CreateBlobServiceClient(string? connectionString, Uri? serviceUri)
    {
        if (!string.IsNullOrWhiteSpace(connectionString)) return new BlobServiceClient(connectionString);
        if (serviceUri is not null) return new BlobServiceClient(serviceUri, SharedCredential);
        throw new InvalidOperationException("Blob storage needs Storage:ConnectionString or Storage:ServiceUri.");
    }

    public static BlobServiceClient CreateBlobServiceClient(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return CreateBlobServiceClient(storage.ConnectionString, storage.ServiceUri);
    }

    public static QueueServiceClient CreateQueueServiceClient(string? connectionString, Uri? queueServiceUri, QueueClientOptions options)
    {
        if (!string.IsNullOrWhiteSpace(connectionString)) return new QueueServiceClient(connectionString, options);
        if (queueServiceUri is not null) return new QueueServiceClient(queueServiceUri, SharedCredential, options);
        throw new InvalidOperationException("Queue storage needs Storage:ConnectionString, Storage:QueueServiceUri or Storage:ServiceUri.");
    }
}
