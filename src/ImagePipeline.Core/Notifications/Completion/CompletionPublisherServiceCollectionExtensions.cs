using System.Text.RegularExpressions;
using Azure;
using Azure.Messaging.EventGrid;
using ImagePipeline.Configuration;
using ImagePipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Notifications.Completion;

public static partial class CompletionPublisherServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="ICompletionPublisher"/> for each configured channel only (see
    /// <see cref="CompletionPublisherOptions"/>): an <see cref="EventGridCompletionPublisher"/> when
    /// <c>Notifications:EventGridTopicEndpoint</c> is set, a <see cref="QueueCompletionPublisher"/> when
    /// <c>Notifications:QueueName</c> is set. Misconfiguration fails here, at start-up, not at the first completion.
    /// </summary>
    public static IServiceCollection AddCompletionPublishers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        // Which publishers exist is decided here, at registration, from the section read once (empty values mean unset).
        var options = configuration.ReadSection<CompletionPublisherOptions>(CompletionPublisherOptions.SectionName);

        if (options.EventGridTopicEndpoint is { } endpoint)
        {
            if (!endpoint.IsAbsoluteUri)
                throw new InvalidOperationException($"Notifications:EventGridTopicEndpoint '{endpoint}' must be an absolute URL.");
            var key = options.EventGridTopicKey;
            // The SDK's bearer-token policy refuses plain http; an access key may be sent over http (local receivers).
            if (key is null && endpoint.Scheme != Uri.UriSchemeHttps)
            {
                throw new InvalidOperationException(
                    $"Notifications:EventGridTopicEndpoint '{endpoint}' must be https to authenticate with Entra ID; set Notifications:EventGridTopicKey to use an access key.");
            }
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionPublisher, EventGridCompletionPublisher>(provider =>
            {
                var client = key is not null
                    ? new EventGridPublisherClient(endpoint, new AzureKeyCredential(key), new EventGridPublisherClientOptions())
                    : new EventGridPublisherClient(endpoint, StorageClients.SharedCredential, new EventGridPublisherClientOptions());
                return new EventGridCompletionPublisher(client, provider.GetRequiredService<ILogger<EventGridCompletionPublisher>>());
            }));
        }

        if (options.QueueName is { } queueName)
        {
            if (!QueueNamePattern().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Notifications:QueueName '{queueName}' is not a valid queue name (3–63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit).");
            }
            var storage = StorageQueueSettings.FromConfiguration(configuration) ?? throw new InvalidOperationException(
                "Notifications:QueueName needs a storage account: set Storage:ConnectionString, Storage:QueueServiceUri or Storage:ServiceUri.");
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ICompletionPublisher, QueueCompletionPublisher>(provider =>
                new QueueCompletionPublisher(storage.CreateQueueClient(queueName), provider.GetRequiredService<ILogger<QueueCompletionPublisher>>())));
        }
        return services;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueNamePattern();
}
