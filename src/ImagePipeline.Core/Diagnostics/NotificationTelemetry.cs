using System.Diagnostics;

namespace ImagePipeline.Diagnostics;

/// <summary>Traces of caller webhooks (<see cref="Notifications.CallerWebhookNotifier"/>): one activity per delivery
/// (all its attempts), one child per attempt with the status code the receiver answered.</summary>
public static class NotificationTelemetry
{
    public const string SourceName = "ImagePipeline.Notifications";

    public const string DeliveryActivity = "ImagePipeline.Notifications.WebhookDelivery";
    public const string AttemptActivity = "ImagePipeline.Notifications.WebhookAttempt";

    /// <summary>The webhook's <c>webhook-id</c> (the same on every attempt).</summary>
    public const string MessageIdTag = "imagepipeline.webhook.message_id";

    /// <summary>Outcomes of a delivery (tag <see cref="PipelineTelemetry.OutcomeTag"/>).</summary>
    public const string Delivered = "delivered";
    public const string Rejected = "rejected";
    public const string TimedOut = "timed_out";
    public const string Refused = "refused";
    public const string Unreachable = "unreachable";

    public static ActivitySource ActivitySource { get; } = new(SourceName);
}
