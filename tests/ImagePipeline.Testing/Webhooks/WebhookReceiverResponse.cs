namespace ImagePipeline.Testing.Webhooks;

/// <summary>How the <see cref="WebhookReceiver"/> answers one delivery.</summary>
/// <param name="StatusCode">The HTTP status to answer with.</param>
/// <param name="NeverAnswer">Hold the request open until the sender gives up (a caller that never answers).</param>
/// <param name="RetryAfter">Optional <c>Retry-After</c> header value.</param>
public sealed record WebhookReceiverResponse(int StatusCode = 200, bool NeverAnswer = false, string? RetryAfter = null)
{
    public static WebhookReceiverResponse Ok { get; } = new();

    public static WebhookReceiverResponse Hang { get; } = new(NeverAnswer: true);

    public static WebhookReceiverResponse Status(int statusCode) => new(statusCode);
}
