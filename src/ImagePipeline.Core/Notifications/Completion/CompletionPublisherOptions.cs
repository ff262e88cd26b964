namespace ImagePipeline.Notifications.Completion;

/// <summary>Where completion events go. Configuration (empty strings mean unset): <c>Notifications:EventGridTopicEndpoint</c>,
/// <c>Notifications:EventGridTopicKey</c> (optional; without it <c>DefaultAzureCredential</c> is used, which needs https),
/// <c>Notifications:QueueName</c> (a storage queue on the account of <c>Storage:*</c>).</summary>
public sealed class CompletionPublisherOptions
{
    public const string SectionName = "Notifications";

    public Uri? EventGridTopicEndpoint { get; set; }
    public string? EventGridTopicKey { get; set; }
    public string? QueueName { get; set; }
}
