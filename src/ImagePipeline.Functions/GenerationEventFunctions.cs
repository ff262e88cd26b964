using System.Text.Json;
using Azure.Messaging;
using Azure.Storage.Queues.Models;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Functions;

/// <summary>
/// Event entry points (design.md, "Entry points beside HTTP"): a storage queue message or an Event Grid CloudEvent whose
/// data is a generation request starts a generation. The message or event id is the idempotency key, so a redelivery
/// starts nothing twice. An unusable request is logged and dropped: retrying it can only fail the same way.
/// </summary>
public sealed class GenerationEventFunctions(GenerationStarter starter, ILogger<GenerationEventFunctions> logger, ILogger<DurableWorkflowClient> clientLogger)
{
    /// <summary>The queue callers drop requests into (created by the infrastructure).</summary>
    public const string RequestQueueName = "generation-requests";

    [Function("StartGenerationFromQueue")]
    public async Task StartFromQueueAsync(
        [QueueTrigger(RequestQueueName, Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await StartAsync(client, message.Body, message.MessageId, "queue", cancellationToken);
    }

    [Function("StartGenerationFromEvent")]
    public async Task StartFromEventAsync(
        [EventGridTrigger] CloudEvent cloudEvent,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        await StartAsync(client, cloudEvent.Data, $"{cloudEvent.Source}/{cloudEvent.Id}", "event", cancellationToken);
    }

    async Task StartAsync(DurableTaskClient client, BinaryData? body, string key, string scope, CancellationToken cancellationToken)
    {
        GenerationRequest? request;
        try
        {
            request = body is null ? null : body.ToObjectFromJson<GenerationRequest>(WorkflowJson.Options);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Dropped {Scope} message {MessageKey}: its body is not a generation request", scope, key);
            return;
        }
        if (request is null)
        {
            logger.LogWarning("Dropped {Scope} message {MessageKey}: it has no body", scope, key);
            return;
        }

        var outcome = await starter.StartAsync(new DurableWorkflowClient(client, clientLogger), request, key, scope, cancellationToken);
        if (outcome.Accepted)
            logger.LogInformation("{Scope} message {MessageKey} is generation {GenerationId} (new: {Created})", scope, key, outcome.GenerationId, outcome.Created);
        else
            logger.LogWarning("Dropped {Scope} message {MessageKey}: {Errors} (key conflict: {KeyConflict})", scope, key, outcome.Validation.ToString(), outcome.KeyConflict);
    }
}
