using Microsoft.Extensions.Configuration;

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

    public static CompletionPublisherOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        return new CompletionPublisherOptions
        {
            EventGridTopicEndpoint = section["EventGridTopicEndpoint"] is { Length: > 0 } endpoint ? new Uri(endpoint, UriKind.Absolute) : null,
            EventGridTopicKey = section["EventGridTopicKey"] is { Length: > 0 } key ? key : null,
            QueueName = section["QueueName"] is { Length: > 0 } queue ? queue : null,
        };
    }
}
