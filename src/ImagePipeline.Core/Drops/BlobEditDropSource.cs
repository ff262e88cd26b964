using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Drops;

/// <summary>
/// The blob drop container (<see cref="EditDropOptions.Container"/>, default <c>edit-requests</c>): hands out its blobs
/// as <see cref="IEditDrop"/>s for the blob trigger and the standalone poller, and is what
/// <see cref="BlobInputImageResolver"/> reads the image from at submit time.
/// </summary>
public sealed class BlobEditDropSource
{
    readonly ILogger _logger;

    public BlobEditDropSource(BlobServiceClient serviceClient, IOptions<EditDropOptions> options, ILogger<BlobEditDropSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(serviceClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.Container, nameof(options));
        ServiceClient = serviceClient;
        Container = serviceClient.GetBlobContainerClient(options.Value.Container);
        _logger = logger ?? NullLogger<BlobEditDropSource>.Instance;
    }

    public BlobServiceClient ServiceClient { get; }

    public BlobContainerClient Container { get; }

    /// <summary>The drop named <paramref name="name"/> as it is now; null when it does not exist (deleted meanwhile).</summary>
    public async Task<IEditDrop?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var blob = Container.GetBlobClient(name);
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return new BlobEditDrop(blob, properties.Value, _logger);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Names of the blobs that may still be waiting: not sidecars, not yet marked by the pipeline. For polling
    /// (the standalone host has no Event Grid); the processor's id check makes a listed-twice blob harmless.</summary>
    public async IAsyncEnumerable<string> ListUnmarkedAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in Container.GetBlobsAsync(BlobTraits.Tags, BlobStates.None, prefix: null, cancellationToken))
        {
            if (EditDropNames.IsIgnored(item.Name)) continue;
            if (item.Tags is { } tags && tags.ContainsKey(EditDropMarks.StatusTag)) continue;
            yield return item.Name;
        }
    }
}
