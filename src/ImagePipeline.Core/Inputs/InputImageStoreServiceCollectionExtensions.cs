using Azure.Storage.Blobs;
using ImagePipeline.Pipeline;
using ImagePipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Inputs;

public static class InputImageStoreServiceCollectionExtensions
{
    /// <summary>The <see cref="IInputImageStore"/> — blobs in <c>Storage:InputContainer</c> (default <c>pipeline-inputs</c>)
    /// when storage is configured, else files in <c>&lt;Runtime:DataDirectory&gt;/inputs</c> — and its resolver.</summary>
    public static IServiceCollection AddInputImageStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StorageOptions.Read(configuration).IsConfigured)
        {
            services.TryAddBlobServiceClient(configuration);
            services.TryAddSingleton<IInputImageStore>(sp => new BlobInputImageStore(sp.GetRequiredService<BlobServiceClient>()
                .GetBlobContainerClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.InputContainer)));
        }
        else
        {
            services.AddDataFolder(configuration);
            services.TryAddSingleton<IInputImageStore>(sp => new FileInputImageStore(sp.DataFolder("inputs")));
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInputImageResolver, StoredInputImageResolver>());
        return services;
    }
}
