using Azure.Storage.Queues;

namespace ImagePipeline.Events;

/// <summary>Writes poison records as JSON messages to a storage queue, creating the queue on first use.</summary>
public sealed class StorageQueuePoisonMessageSink(QueueClient queue) : IPoisonMessageSink
{
    readonly QueueClient _queue = queue ?? throw new ArgumentNullException(nameof(queue));
    volatile bool _queueExists;

    public string QueueName => _queue.Name;

    public async Task MoveAsync(PoisonMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_queueExists)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _queueExists = true; // concurrent first calls may both create: harmless
        }
        await _queue.SendMessageAsync(message.ToJson(), cancellationToken);
    }
}
