namespace ImagePipeline.Generation;

/// <summary>The caller webhook events a request may ask for (<see cref="GenerationRequest.WebhookEvents"/>).</summary>
public static class WebhookEventNames
{
    /// <summary>The provider accepted the submit; its job id is known.</summary>
    public const string Started = "started";
    /// <summary>While waiting: the phase or percentage changed (throttled per generation).</summary>
    public const string Progress = "progress";
    /// <summary>The generation ended, however it ended (Completed, Failed, Canceled): the final status document.</summary>
    public const string Completed = "completed";

    public static IReadOnlyList<string> All { get; } = [Started, Progress, Completed];

    /// <summary>What a request without <c>webhookEvents</c> gets: today's single completion delivery.</summary>
    public static IReadOnlyList<string> Default { get; } = [Completed];

    /// <summary>Whether <paramref name="request"/> has a webhook URL and asked for <paramref name="eventName"/>.</summary>
    public static bool Wants(GenerationRequest request, string eventName)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CallbackUrl is not null && (request.WebhookEvents ?? Default).Contains(eventName, StringComparer.Ordinal);
    }
}
