using System.Text.Json;
using Azure.Storage.Queues;
using ImagePipeline.Generation;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Notifications.Completion;

/// <summary>Publishes completion events as storage queue messages, each a CloudEvent in structured JSON (plain text,
/// not base64). The queue is created on first use. Failures throw, so the step's retry policy applies.</summary>
public sealed class QueueCompletionPublisher(QueueClient queue, ILogger<QueueCompletionPublisher> logger) : ICompletionPublisher
{
    readonly QueueClient _queue = queue ?? throw new ArgumentNullException(nameof(queue));
    volatile bool _queueExists;

    public string QueueName => _queue.Name;

    public async Task PublishAsync(GenerationStatusDocument finalStatus, CancellationToken cancellationToken)
    {
        var cloudEvent = CompletionCloudEvents.Create(finalStatus);
        if (!_queueExists)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _queueExists = true; // concurrent first calls may both create: harmless
        }
        await _queue.SendMessageAsync(JsonSerializer.Serialize(cloudEvent), cancellationToken);
        logger.LogInformation("Published {EventType} for generation {GenerationId} to queue {QueueName}", cloudEvent.Type, finalStatus.Id, _queue.Name);
    }
}
