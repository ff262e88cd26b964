using System.Globalization;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ImagePipeline.Events;
using ImagePipeline.Storage;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Standalone.Events;

/// <summary>
/// The standalone counterpart of the Functions queue trigger: receives request messages with a visibility timeout,
/// starts each through the <see cref="EventStartProcessor"/> and deletes it once it started (or was moved to the
/// poison queue). A message whose start failed stays on the queue, reappears after the visibility timeout and is retried,
/// until <see cref="QueueListenerOptions.MaxDequeueCount"/> deliveries, after which it is moved aside. While the queue is
/// empty the listener waits longer and longer between receives.
/// </summary>
public sealed class GenerationQueueListener(
    StorageQueueSettings storage,
    EventStartProcessor processor,
    IWorkflowClient workflows,
    IOptions<EventEntryPointOptions> names,
    IOptions<QueueListenerOptions> options,
    TimeProvider timeProvider,
    ILogger<GenerationQueueListener> logger) : BackgroundService
{
    readonly QueueListenerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = storage.CreateQueueClient(names.Value.RequestQueueName);
        var queueExists = false;
        var idle = _options.MinPollInterval;
        logger.LogInformation("Listening for generation requests on queue {QueueName}", queue.Name);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!queueExists)
                {
                    await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    queueExists = true;
                }
                QueueMessage[] messages = await queue.ReceiveMessagesAsync(_options.MaxMessages, _options.VisibilityTimeout, stoppingToken);
                if (messages.Length > 0)
                {
                    foreach (var message in messages) await HandleAsync(queue, message, stoppingToken);
                    idle = _options.MinPollInterval;
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RequestFailedException ex)
            {
                logger.LogWarning(ex, "Receiving from queue {QueueName} failed; trying again in {Delay}", queue.Name, idle);
            }

            try
            {
                await Task.Delay(idle, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxPollInterval.Ticks));
        }
    }

    async Task HandleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var result = message.DequeueCount > _options.MaxDequeueCount
                ? await processor.GiveUpQueueMessageAsync(message.MessageId, message.Body,
                    string.Create(CultureInfo.InvariantCulture, $"Gave up after {message.DequeueCount - 1} deliveries that each failed to start a generation."), cancellationToken)
                : await processor.StartFromQueueMessageAsync(workflows, message.MessageId, message.Body, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            logger.LogDebug("Queue message {MessageId}: {Result} {GenerationId}", message.MessageId, result.Status, result.GenerationId);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not deleted: the message reappears after the visibility timeout and is tried again.
            logger.LogWarning(ex, "Queue message {MessageId} could not be handled (delivery {DequeueCount}); it will be retried",
                message.MessageId, message.DequeueCount);
        }
    }
}
