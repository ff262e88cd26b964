namespace ImagePipeline.Notifications;

/// <summary>Header names of the Standard Webhooks specification (https://www.standardwebhooks.com).</summary>
public static class StandardWebhookHeaders
{
    /// <summary>The message id, the same on every retry of one message (consumers use it to deduplicate).</summary>
    public const string Id = "webhook-id";

    /// <summary>Unix seconds of this attempt.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>Space-separated signatures, each <c>v1,&lt;base64 HMAC-SHA256&gt;</c>.</summary>
    public const string Signature = "webhook-signature";
}
