using Azure.Storage.Blobs;
using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Storage;

public static class StorageClientServiceCollectionExtensions
{
    /// <summary>Registers the one <see cref="BlobServiceClient"/> that the output store, the submission ledger and the
    /// blob-drop source share, with the <see cref="StorageOptions"/> it is made from (only when storage is configured;
    /// a no-op when it is already registered).</summary>
    public static IServiceCollection TryAddBlobServiceClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!StorageOptions.Read(configuration).IsConfigured) return services;
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<StorageOptions>)))
        {
            services.AddOptions<StorageOptions>()
                .BindSection(configuration, StorageOptions.SectionName)
                .Validate(o => o.ServiceUri is null || o.ServiceUri.IsAbsoluteUri, $"{StorageOptions.SectionName}:ServiceUri must be an absolute URL.")
                .Validate(o => o.QueueServiceUri is null || o.QueueServiceUri.IsAbsoluteUri, $"{StorageOptions.SectionName}:QueueServiceUri must be an absolute URL.")
                .Validate(o => !string.IsNullOrWhiteSpace(o.StateContainer) && !string.IsNullOrWhiteSpace(o.InputContainer),
                    $"{StorageOptions.SectionName}:StateContainer and InputContainer must not be blank.")
                .ValidateOnStart();
        }
        services.TryAddSingleton(sp => StorageClients.CreateBlobServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        return services;
    }
}
