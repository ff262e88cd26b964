using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Storage;

public static class OutputStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IOutputStore"/>: Blob Storage when <c>Storage:ConnectionString</c> or
    /// <c>Storage:ServiceUri</c> is set (container <c>Storage:OutputContainer</c>, default <c>outputs</c>), otherwise a folder
    /// on disk at <c>Storage:RootDirectory</c> (default <c>&lt;current directory&gt;/data/outputs</c>).
    /// </summary>
    public static IServiceCollection AddOutputStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (StorageOptions.Read(configuration).IsConfigured)
        {
            services.AddOptions<BlobOutputStoreOptions>()
                .BindSection(configuration, BlobOutputStoreOptions.SectionName)
                .Validate(o => o.ServiceUri is null || o.ServiceUri.IsAbsoluteUri, "Storage:ServiceUri must be an absolute URL.")
                .Validate(o => !string.IsNullOrWhiteSpace(o.ContainerName), "Storage:OutputContainer must not be blank.");
            services.TryAddBlobServiceClient(configuration);
            services.TryAddSingleton<IOutputStore>(provider => new TracedOutputStore(new BlobOutputStore(
                provider.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>(),
                provider.GetRequiredService<IOptions<BlobOutputStoreOptions>>(),
                provider.GetService<ILogger<BlobOutputStore>>())));
        }
        else
        {
            services.AddOptions<FileSystemOutputStoreOptions>()
                .BindSection(configuration, FileSystemOutputStoreOptions.SectionName)
                .PostConfigure(o => o.RootDirectory = Path.GetFullPath(o.RootDirectory));
            services.TryAddSingleton<IOutputStore>(provider => new TracedOutputStore(new FileSystemOutputStore(
                provider.GetRequiredService<IOptions<FileSystemOutputStoreOptions>>(),
                provider.GetService<ILogger<FileSystemOutputStore>>())));
        }
        return services;
    }
}
