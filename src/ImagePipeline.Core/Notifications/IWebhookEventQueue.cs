namespace ImagePipeline.Notifications;

/// <summary>Sends best-effort caller webhook events off the caller's path: enqueueing never waits for the receiver.</summary>
public interface IWebhookEventQueue
{
    /// <summary>Queues <paramref name="delivery"/>; false when it was dropped (the queue is full or shutting down).</summary>
    bool TryEnqueue(WebhookEventDelivery delivery);
}
