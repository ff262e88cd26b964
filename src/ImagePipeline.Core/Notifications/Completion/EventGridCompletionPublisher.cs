using Azure.Messaging.EventGrid;
using ImagePipeline.Generation;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Notifications.Completion;

/// <summary>Publishes completion CloudEvents to an Event Grid topic. Failures throw, so the PublishCompletion step's
/// durable retry policy applies (on top of the SDK's own transport retries).</summary>
public sealed class EventGridCompletionPublisher(EventGridPublisherClient client, ILogger<EventGridCompletionPublisher> logger) : ICompletionPublisher
{
    readonly EventGridPublisherClient _client = client ?? throw new ArgumentNullException(nameof(client));

    public async Task PublishAsync(GenerationStatusDocument finalStatus, CancellationToken cancellationToken)
    {
        var cloudEvent = CompletionCloudEvents.Create(finalStatus);
        await _client.SendEventsAsync([cloudEvent], cancellationToken);
        logger.LogInformation("Published {EventType} for generation {GenerationId} to Event Grid", cloudEvent.Type, finalStatus.Id);
    }
}
