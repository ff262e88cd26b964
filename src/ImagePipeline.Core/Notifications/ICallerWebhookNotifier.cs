namespace ImagePipeline.Notifications;

/// <summary>Sends a caller's completion webhook (signed, retried); see <see cref="CallerWebhookNotifier"/>.</summary>
public interface ICallerWebhookNotifier
{
    /// <summary>POSTs <paramref name="payload"/> as JSON to <paramref name="callbackUrl"/>, retrying transient failures.
    /// Never throws for the caller's failures: the result says whether it was delivered. Throws only when
    /// <paramref name="cancellationToken"/> is cancelled.</summary>
    Task<WebhookDeliveryResult> NotifyAsync(Uri callbackUrl, string messageId, object payload, CancellationToken cancellationToken = default);
}
