using Azure.Storage.Queues.Models;
using ImagePipeline.Events;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Functions;

/// <summary>
/// The queue entry point (design.md, "Entry points beside HTTP"): a storage queue message whose data is a generation
/// request starts a generation, through the core's <see cref="EventStartProcessor"/>. CloudEvents arrive over HTTP
/// (<see cref="CloudEventFunctions"/>).
/// <list type="bullet">
/// <item>The envelope's <c>idempotencyKey</c>, else the message id, is the idempotency
/// key, so a redelivery starts nothing twice.</item>
/// <item>Poison (not JSON, not a request, invalid) is recorded with its reason on <c>generation-requests-poison</c> by the
/// processor and the function returns normally: retrying it could only fail the same way.</item>
/// <item>A transient failure (the orchestration could not be scheduled, the poison queue unreachable) throws: the host
/// redelivers the message (after <c>maxDequeueCount</c> in host.json, into its own <c>generation-requests-poison</c>).</item>
/// </list>
/// </summary>
public sealed class GenerationEventFunctions(EventStartProcessor processor, ILogger<DurableWorkflowClient> clientLogger)
{
    /// <summary>The queue callers drop requests into (created by the infrastructure).</summary>
    public const string RequestQueueName = EventEntryPointOptions.DefaultRequestQueueName;

    [Function("StartGenerationFromQueue")]
    public async Task StartFromQueueAsync(
        [QueueTrigger(RequestQueueName, Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await processor.StartFromQueueMessageAsync(new DurableWorkflowClient(client, clientLogger), message.MessageId, message.Body, cancellationToken);
    }
}
