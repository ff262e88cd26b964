using ImagePipeline.Configuration;
using ImagePipeline.Standalone.Inbox;
using ImagePipeline.Storage;

namespace ImagePipeline.Standalone;

public static class InboxServiceCollectionExtensions
{
    /// <summary>The standalone host's drop entry points (design.md, "Entry points beside HTTP"): the inbox folder watcher
    /// (unless <c>Inbox:Enabled</c> is false) and, with <c>Inbox:UseBlobContainer</c>, the drop-container poller. The
    /// drop processing itself is the core's (<c>AddEditDrops</c>, registered by <c>AddImagePipelineCore</c>).</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InboxOptions>()
            .BindSection(configuration, InboxOptions.SectionName)
            .Validate(o => o.SettleTime >= TimeSpan.Zero && o.RescanInterval > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero,
                "Inbox:SettleTime must not be negative; Inbox:RescanInterval and Inbox:PollInterval must be positive.")
            .ValidateOnStart();

        // Which hosted services run is decided here, at registration, from the same section read once.
        var options = configuration.ReadSection<InboxOptions>(InboxOptions.SectionName);
        if (options.Enabled) services.AddHostedService<FolderInboxWatcher>();
        if (options.UseBlobContainer)
        {
            if (!StorageOptions.Read(configuration).IsConfigured)
                throw new InvalidOperationException("Inbox:UseBlobContainer needs Storage:ConnectionString or Storage:ServiceUri.");
            services.AddHostedService<BlobInboxPoller>();
        }
        return services;
    }
}
