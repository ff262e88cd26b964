namespace ImagePipeline.Events;

/// <summary>Names shared by the event entry points of both hosts. Configuration: <c>Events:RequestQueueName</c>,
/// <c>Events:PoisonQueueName</c> (the Functions queue trigger always listens on <see cref="DefaultRequestQueueName"/>).</summary>
public sealed class EventEntryPointOptions
{
    public const string SectionName = "Events";
    public const string DefaultRequestQueueName = "generation-requests";
    public const string DefaultPoisonQueueName = DefaultRequestQueueName + "-poison";

    /// <summary>Idempotency scope of queue messages: a message id or envelope key never collides with an HTTP key.</summary>
    public const string QueueScope = "queue";

    /// <summary>Idempotency scope of CloudEvents (key <c>{source}/{id}</c>, as CloudEvents define an event's identity).</summary>
    public const string CloudEventScope = "event";

    public string RequestQueueName { get; set; } = DefaultRequestQueueName;

    /// <summary>Where refused messages and events are moved, with the reason (when storage is configured).</summary>
    public string PoisonQueueName { get; set; } = DefaultPoisonQueueName;
}
