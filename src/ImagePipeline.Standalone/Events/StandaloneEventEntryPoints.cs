using ImagePipeline.Configuration;
using ImagePipeline.Events;
using ImagePipeline.Storage;
using ImagePipeline.Workflow;

namespace ImagePipeline.Standalone.Events;

/// <summary>The standalone host's event entry points (design.md, "Entry points beside HTTP"): <c>POST /api/events</c>
/// for CloudEvents, and the optional listener on the storage request queue.</summary>
public static class StandaloneEventEntryPoints
{
    /// <summary>CloudEvents over HTTP always; the queue listener when <c>Events:QueueListener:Enabled</c> (which needs storage).</summary>
    public static IServiceCollection AddStandaloneEventEntryPoints(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddEventEntryPoints(configuration); // already there through AddImagePipelineCore; harmless twice

        services.AddOptions<QueueListenerOptions>()
            .BindSection(configuration, QueueListenerOptions.SectionName)
            .Validate(o => o.MaxMessages is >= 1 and <= 32, $"{QueueListenerOptions.SectionName}:MaxMessages must be 1–32.")
            .Validate(o => o.MinPollInterval > TimeSpan.Zero && o.MaxPollInterval >= o.MinPollInterval,
                $"{QueueListenerOptions.SectionName}: MinPollInterval must be positive and at most MaxPollInterval.")
            .Validate(o => o.VisibilityTimeout >= TimeSpan.FromSeconds(1), $"{QueueListenerOptions.SectionName}:VisibilityTimeout must be at least 1 second.")
            .Validate(o => o.MaxDequeueCount >= 1, $"{QueueListenerOptions.SectionName}:MaxDequeueCount must be at least 1.")
            .ValidateOnStart();
        // Whether the listener runs is decided here, at registration, from the same section read once.
        if (configuration.ReadSection<QueueListenerOptions>(QueueListenerOptions.SectionName).Enabled)
        {
            if (StorageQueueSettings.FromConfiguration(configuration) is null)
            {
                throw new InvalidOperationException(
                    $"{QueueListenerOptions.SectionName}:Enabled needs a storage account: set Storage:ConnectionString, Storage:QueueServiceUri or Storage:ServiceUri.");
            }
            services.AddHostedService<GenerationQueueListener>();
        }
        return services;
    }

    /// <summary><c>POST /api/events</c>, and the CloudEvents webhook validation handshake (<c>OPTIONS</c>) that Event Grid
    /// performs before delivering CloudEvents to an endpoint.</summary>
    public static IEndpointRouteBuilder MapEventEntryPoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api");
        api.MapPost("/events", (HttpRequest request, CloudEventIntake intake, IWorkflowClient client, CancellationToken ct) =>
            intake.AcceptAsync(client, request, ct));
        api.MapMethods("/events", [HttpMethods.Options], (HttpRequest request) => CloudEventIntake.Handshake(request));
        return app;
    }
}
