namespace ImagePipeline.Standalone.Events;

/// <summary>The standalone host's listener on the request queue (<c>Events:RequestQueueName</c>, default
/// <c>generation-requests</c>). Configuration section <c>Events:QueueListener</c>; off unless <see cref="Enabled"/>.</summary>
public sealed class QueueListenerOptions
{
    public const string SectionName = "Events:QueueListener";

    /// <summary>Needs <c>Storage:ConnectionString</c>, <c>Storage:QueueServiceUri</c> or <c>Storage:ServiceUri</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long a received message stays hidden from other receivers while it is being started.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Messages per receive (1–32).</summary>
    public int MaxMessages { get; set; } = 16;

    /// <summary>The wait after an empty receive; it doubles while the queue stays empty, up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries after which a message that keeps failing transiently is moved to the poison queue
    /// (the Functions host's <c>maxDequeueCount</c> in host.json is 5, too).</summary>
    public int MaxDequeueCount { get; set; } = 5;
}
