using ImagePipeline.Standalone.Inbox;

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
        var section = configuration.GetSection(InboxOptions.SectionName);
        var options = new InboxOptions();
        if (section["Enabled"] is { Length: > 0 }) options.Enabled = section.GetValue<bool>("Enabled");
        if (section["UseBlobContainer"] is { Length: > 0 }) options.UseBlobContainer = section.GetValue<bool>("UseBlobContainer");
        if (section["SettleTime"] is { Length: > 0 }) options.SettleTime = section.GetValue<TimeSpan>("SettleTime");
        if (section["RescanInterval"] is { Length: > 0 }) options.RescanInterval = section.GetValue<TimeSpan>("RescanInterval");
        if (section["PollInterval"] is { Length: > 0 }) options.PollInterval = section.GetValue<TimeSpan>("PollInterval");
        if (options.SettleTime < TimeSpan.Zero || options.RescanInterval <= TimeSpan.Zero || options.PollInterval <= TimeSpan.Zero)
            throw new InvalidOperationException("Inbox:SettleTime must not be negative; Inbox:RescanInterval and Inbox:PollInterval must be positive.");
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));

        if (options.Enabled) services.AddHostedService<FolderInboxWatcher>();
        if (options.UseBlobContainer)
        {
            if (string.IsNullOrWhiteSpace(configuration["Storage:ConnectionString"]) && string.IsNullOrWhiteSpace(configuration["Storage:ServiceUri"]))
                throw new InvalidOperationException("Inbox:UseBlobContainer needs Storage:ConnectionString or Storage:ServiceUri.");
            services.AddHostedService<BlobInboxPoller>();
        }
        return services;
    }
}
