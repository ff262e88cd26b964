using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace ImagePipeline.Storage;

/// <summary>
/// How the pipeline reaches Azure Storage queues (poison queue, request queue, completion queue), from the same
/// settings as the output store: <c>Storage:ConnectionString</c> (Azurite or an account key) wins; else
/// <c>Storage:QueueServiceUri</c>, or the queue endpoint derived from the blob endpoint <c>Storage:ServiceUri</c>
/// (<c>https://acct.blob.core.windows.net</c> → <c>https://acct.queue.core.windows.net</c>), with <c>DefaultAzureCredential</c>.
/// Messages are plain text (no base64), as host.json configures the Functions queue trigger.
/// </summary>
public sealed class StorageQueueSettings
{
    StorageQueueSettings(string? connectionString, Uri? queueServiceUri, Uri? blobServiceUri)
    {
        ConnectionString = connectionString;
        QueueServiceUri = queueServiceUri;
        BlobServiceUri = blobServiceUri;
    }

    public string? ConnectionString { get; }
    public Uri? QueueServiceUri { get; }
    public Uri? BlobServiceUri { get; }

    /// <summary>The configured storage, or null when none is (empty strings count as unset). Read at registration,
    /// where the queue entry points and publishers are chosen (see <see cref="StorageOptions.Read"/>).</summary>
    public static StorageQueueSettings? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = StorageOptions.Read(configuration);
        if (storage.ConnectionString is { Length: > 0 } connectionString) return new(connectionString, null, null);
        if (storage.QueueServiceUri is { } queueUri) return new(null, Absolute(queueUri, "QueueServiceUri"), null);
        if (storage.ServiceUri is { } blobUri) return new(null, null, Absolute(blobUri, "ServiceUri"));
        return null;
    }

    static Uri Absolute(Uri uri, string setting) => uri.IsAbsoluteUri
        ? uri
        : throw new InvalidOperationException($"{StorageOptions.SectionName}:{setting} '{uri}' must be an absolute URL.");

    public QueueClient CreateQueueClient(string queueName)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        var service = StorageClients.CreateQueueServiceClient(ConnectionString,
            ConnectionString is null ? QueueServiceUri ?? DeriveQueueServiceUri(BlobServiceUri!) : null, options);
        return service.GetQueueClient(queueName);
    }

    /// <summary>The queue endpoint of the account whose blob endpoint is given.</summary>
    public static Uri DeriveQueueServiceUri(Uri blobServiceUri)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        const string BlobLabel = ".blob.";
        var host = blobServiceUri.Host;
        var at = host.IndexOf(BlobLabel, StringComparison.OrdinalIgnoreCase);
        if (at <= 0)
        {
            throw new InvalidOperationException(
                $"Storage:ServiceUri '{blobServiceUri}' is not of the form https://<account>.blob.<suffix>, so the queue endpoint cannot be derived from it; set Storage:QueueServiceUri.");
        }
        return new UriBuilder(blobServiceUri) { Host = string.Concat(host.AsSpan(0, at), ".queue.", host.AsSpan(at + BlobLabel.Length)) }.Uri;
    }
}
