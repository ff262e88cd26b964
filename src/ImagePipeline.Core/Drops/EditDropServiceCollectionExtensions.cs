using Azure.Storage.Blobs;
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
            .Configure(options => Bind(configuration.GetSection(EditDropOptions.SectionName), options))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Container), $"{EditDropOptions.SectionName}:Container is required.")
            .Validate(o => o.MaxImageBytes > 0 && o.MaxSidecarBytes > 0, $"{EditDropOptions.SectionName}:MaxImageBytes and MaxSidecarBytes must be positive.")
            .Validate(o => o.SasLifetime > TimeSpan.Zero, $"{EditDropOptions.SectionName}:SasLifetime must be positive.");
        services.TryAddSingleton<EditDropProcessor>();

        var inbox = configuration["Inbox:Directory"] is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(DataDirectory.Resolve(configuration), "inbox");
        services.TryAddSingleton(new FolderEditDropSource(inbox));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInputImageResolver, FolderInputImageResolver>());

        if (StorageClients.IsConfigured(configuration))
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

    /// <summary>Empty values (as in local.settings.sample.json) mean "not set".</summary>
    static void Bind(IConfigurationSection section, EditDropOptions options)
    {
        if (section["Container"] is { Length: > 0 } container) options.Container = container;
        if (section["MaxImageBytes"] is { Length: > 0 }) options.MaxImageBytes = section.GetValue<long>("MaxImageBytes");
        if (section["MaxSidecarBytes"] is { Length: > 0 }) options.MaxSidecarBytes = section.GetValue<int>("MaxSidecarBytes");
        if (section["SidecarWait"] is { Length: > 0 }) options.SidecarWait = section.GetValue<TimeSpan>("SidecarWait");
        if (section["SasLifetime"] is { Length: > 0 }) options.SasLifetime = section.GetValue<TimeSpan>("SasLifetime");
    }
}
