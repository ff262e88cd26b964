using System.Text.Json;
using Azure.Messaging;
using ImagePipeline.Starting;
using ImagePipeline.Validation;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Events;

/// <summary>
/// Starts generations from queue messages and CloudEvents for both hosts (design.md, "Entry points beside HTTP").
/// <list type="bullet">
/// <item>Idempotent: the envelope's <c>idempotencyKey</c>, else the queue message id or the CloudEvent's
/// <c>source/id</c>, is the idempotency key, so a redelivered message starts nothing twice.</item>
/// <item>Poison (not JSON, not a request, an invalid request, a key reused for another request) can never succeed: it is
/// logged and moved to the poison queue with its reason, and reported as <see cref="EventStartStatus.Poison"/> so the
/// host completes the message instead of retrying it.</item>
/// <item>Anything else that goes wrong (the runtime could not start the instance, the poison queue is unreachable)
/// throws, so the host's own redelivery retries it.</item>
/// </list>
/// </summary>
public sealed class EventStartProcessor(
    GenerationStarter starter,
    IEnumerable<IPoisonMessageSink> poisonSinks,
    TimeProvider timeProvider,
    ILogger<EventStartProcessor> logger)
{
    readonly IPoisonMessageSink[] _poisonSinks = [.. poisonSinks];

    /// <summary>One storage queue message (body as sent: plain JSON).</summary>
    public async Task<EventStartResult> StartFromQueueMessageAsync(IWorkflowClient client, string messageId, BinaryData? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var parsed = EventRequestParser.Parse(body);
        var poison = new PoisonMessage(PoisonMessage.QueueOrigin, messageId, null, "", [], body?.ToString() ?? "", default);
        return await StartAsync(client, parsed, parsed.IdempotencyKey ?? messageId, EventEntryPointOptions.QueueScope, poison, cancellationToken);
    }

    /// <summary>For hosts that count deliveries themselves: a message that failed transiently too often is moved aside with
    /// <paramref name="reason"/> instead of being retried forever (what the Functions host does after <c>maxDequeueCount</c>).</summary>
    public async Task<EventStartResult> GiveUpQueueMessageAsync(string messageId, BinaryData? body, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var poison = new PoisonMessage(PoisonMessage.QueueOrigin, messageId, null, "", [], body?.ToString() ?? "", default);
        return await MoveAsideAsync(poison, reason, [], cancellationToken);
    }

    /// <summary>One CloudEvent whose <c>data</c> is a generation request.</summary>
    public async Task<EventStartResult> StartFromCloudEventAsync(IWorkflowClient client, CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var parsed = EventRequestParser.Parse(cloudEvent.Data);
        var poison = new PoisonMessage(PoisonMessage.CloudEventOrigin, cloudEvent.Id, cloudEvent.Source, "", [], AsText(cloudEvent), default);
        return await StartAsync(client, parsed, parsed.IdempotencyKey ?? CloudEventKey(cloudEvent), EventEntryPointOptions.CloudEventScope, poison, cancellationToken);
    }

    /// <summary>The idempotency key of a CloudEvent without an explicit one: CloudEvents identify an event by source and id.</summary>
    public static string CloudEventKey(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return $"{cloudEvent.Source}/{cloudEvent.Id}";
    }

    /// <summary>The whole event as JSON for the poison record; just its data when the SDK cannot write an extension attribute back.</summary>
    static string AsText(CloudEvent cloudEvent)
    {
        try
        {
            return JsonSerializer.Serialize(cloudEvent);
        }
        catch (NotSupportedException)
        {
            return cloudEvent.Data?.ToString() ?? "";
        }
    }

    async Task<EventStartResult> StartAsync(IWorkflowClient client, ParsedEventRequest parsed, string key, string scope, PoisonMessage poison, CancellationToken cancellationToken)
    {
        if (!parsed.IsRequest) return await MoveAsideAsync(poison, parsed.Problem!, [], cancellationToken);

        var outcome = await starter.StartAsync(client, parsed.Request!, key, scope, cancellationToken);
        if (!outcome.Validation.IsValid)
            return await MoveAsideAsync(poison, $"The generation request is invalid: {outcome.Validation}", outcome.Validation.Errors, cancellationToken);
        if (outcome.KeyConflict)
        {
            return await MoveAsideAsync(poison,
                $"The idempotency key was already used for a different request (generation {outcome.GenerationId}).", [], cancellationToken);
        }

        var id = outcome.GenerationId!;
        logger.LogInformation("{Origin} message {MessageId} is generation {GenerationId} (new: {Created})", poison.Origin, poison.OriginalId, id, outcome.Created);
        return outcome.Created ? EventStartResult.Started(id) : EventStartResult.AlreadyStarted(id);
    }

    async Task<EventStartResult> MoveAsideAsync(PoisonMessage template, string reason, IReadOnlyList<ValidationError> errors, CancellationToken cancellationToken)
    {
        var record = template with { Reason = reason, Errors = errors, RecordedAt = timeProvider.GetUtcNow() };
        logger.LogWarning("Refused {Origin} message {MessageId} from {EventSource}: {Reason}", record.Origin, record.OriginalId, record.EventSource, reason);
        foreach (var sink in _poisonSinks) await sink.MoveAsync(record, cancellationToken);
        return EventStartResult.Poison(reason, errors);
    }
}
