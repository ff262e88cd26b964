using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImagePipeline.Storage;

public static class StorageClientServiceCollectionExtensions
{
    /// <summary>Registers the one <see cref="BlobServiceClient"/> that the output store, the submission ledger and the
    /// blob-drop source share (only when storage is configured; a no-op when it is already registered).</summary>
    public static IServiceCollection TryAddBlobServiceClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StorageClients.IsConfigured(configuration))
            services.TryAddSingleton(_ => StorageClients.CreateBlobServiceClient(configuration));
        return services;
    }
}
