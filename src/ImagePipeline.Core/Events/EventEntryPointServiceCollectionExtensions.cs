using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ImagePipeline.Storage;

namespace ImagePipeline.Events;

public static class EventEntryPointServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="EventStartProcessor"/> and <see cref="CloudEventIntake"/> both hosts' queue and CloudEvent
    /// entry points use, and the poison
    /// queue (<c>Events:PoisonQueueName</c>, default <c>generation-requests-poison</c>) when storage is configured
    /// (<see cref="StorageQueueSettings"/>); without storage, refused messages are only logged.
    /// </summary>
    public static IServiceCollection AddEventEntryPoints(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EventEntryPointOptions>().BindSection(configuration, EventEntryPointOptions.SectionName);

        if (StorageQueueSettings.FromConfiguration(configuration) is { } storage)
        {
            services.TryAddSingleton(storage);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IPoisonMessageSink, StorageQueuePoisonMessageSink>(provider =>
                new StorageQueuePoisonMessageSink(storage.CreateQueueClient(provider.GetRequiredService<IOptions<EventEntryPointOptions>>().Value.PoisonQueueName))));
        }
        services.TryAddSingleton<EventStartProcessor>();
        services.TryAddSingleton<CloudEventIntake>();
        return services;
    }
}
