namespace ImagePipeline.Notifications;

/// <summary>How a caller webhook went. A caller that never answered is a result, not an exception.</summary>
/// <param name="Delivered">True when the caller answered 2xx.</param>
/// <param name="Attempts">Requests sent, retries included.</param>
/// <param name="LastStatusCode">The last attempt's HTTP status; null when it got no response (timeout, refused connection).</param>
/// <param name="Error">Why it was not delivered; null when delivered.</param>
public sealed record WebhookDeliveryResult(bool Delivered, int Attempts, int? LastStatusCode, string? Error);
