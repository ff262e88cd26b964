namespace ImagePipeline.Notifications;

/// <summary>One best-effort caller webhook event (<c>started</c>, <c>progress</c>) waiting to be sent.</summary>
/// <param name="MessageId">The <c>webhook-id</c>: stable for the event, so a repeated step repeats it and callers deduplicate.</param>
public sealed record WebhookEventDelivery(string GenerationId, Uri CallbackUrl, string MessageId, object Payload);
