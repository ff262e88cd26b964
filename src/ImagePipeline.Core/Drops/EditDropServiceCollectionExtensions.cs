using Azure.Storage.Blobs;
using ImagePipeline.Configuration;
using ImagePipeline.Pipeline;
using ImagePipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Drops;

public static class EditDropServiceCollectionExtensions
{
    /// <summary>
    /// Registers blob-drop / inbox edits: <see cref="EditDropOptions"/> (section <c>EditDrops</c>), the
    /// <see cref="EditDropProcessor"/>, the inbox folder (<c>Inbox:Directory</c>, default <c>&lt;Runtime:DataDirectory&gt;/inbox</c>)
    /// with its input resolver, and — when <c>Storage:ConnectionString</c> or <c>Storage:ServiceUri</c> is set — the drop
    /// container with its resolver. Hosts add the triggers (blob trigger, folder watcher, container poller).
    /// </summary>
    public static IServiceCollection AddEditDrops(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EditDropOptions>()
            .BindSection(configuration, EditDropOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.SasLifetime > TimeSpan.Zero, $"{EditDropOptions.SectionName}:SasLifetime must be positive.");
        services.TryAddSingleton<EditDropProcessor>();

        services.AddDataFolder(configuration);
        services.AddOptions<InboxFolderOptions>().BindSection(configuration, InboxFolderOptions.SectionName);
        services.TryAddSingleton(sp => new FolderEditDropSource(
            sp.GetRequiredService<IOptions<InboxFolderOptions>>().Value.Directory is { Length: > 0 } directory
                ? Path.GetFullPath(directory)
                : sp.DataFolder("inbox")));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInputImageResolver, FolderInputImageResolver>());

        if (StorageOptions.Read(configuration).IsConfigured)
        {
            services.TryAddBlobServiceClient(configuration);
            services.TryAddSingleton(sp => new BlobEditDropSource(
                sp.GetRequiredService<BlobServiceClient>(),
                sp.GetRequiredService<IOptions<EditDropOptions>>(),
                sp.GetService<ILogger<BlobEditDropSource>>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IInputImageResolver, BlobInputImageResolver>());
        }
        return services;
    }
}
