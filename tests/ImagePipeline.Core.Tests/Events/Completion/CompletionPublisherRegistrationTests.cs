using ImagePipeline.Notifications;
using ImagePipeline.Notifications.Completion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Tests.Events.Completion;

/// <summary>Only configured channels get a publisher; misconfiguration fails at start-up, not at the first completion.</summary>
public sealed class CompletionPublisherRegistrationTests
{
    [Fact]
    public void Empty_settings_as_in_the_sample_register_no_publisher()
    {
        var publishers = Publishers(("Notifications:EventGridTopicEndpoint", ""), ("Notifications:EventGridTopicKey", ""), ("Notifications:QueueName", ""),
            ("Storage:ConnectionString", "UseDevelopmentStorage=true"));

        Assert.Empty(publishers);
    }

    [Fact]
    public void A_topic_endpoint_registers_the_event_grid_publisher_only()
    {
        var publishers = Publishers(("Notifications:EventGridTopicEndpoint", "https://topic.westeurope-1.eventgrid.azure.net/api/events"));

        Assert.IsType<EventGridCompletionPublisher>(Assert.Single(publishers));
    }

    [Fact]
    public void A_queue_name_registers_the_queue_publisher_on_the_configured_account()
    {
        var publishers = Publishers(("Notifications:QueueName", "generation-completions"), ("Storage:ServiceUri", "https://acct.blob.core.windows.net"));

        var queue = Assert.IsType<QueueCompletionPublisher>(Assert.Single(publishers));
        Assert.Equal("generation-completions", queue.QueueName);
    }

    [Fact]
    public void Both_channels_get_one_publisher_each_even_when_registered_twice()
    {
        var configuration = Configuration(("Notifications:EventGridTopicEndpoint", "http://127.0.0.1:5000/api/events"), ("Notifications:EventGridTopicKey", "key"),
            ("Notifications:QueueName", "completions"), ("Storage:ConnectionString", "UseDevelopmentStorage=true"));
        var services = new ServiceCollection().AddLogging();
        services.AddCompletionPublishers(configuration);
        services.AddCompletionPublishers(configuration);

        var publishers = services.BuildServiceProvider().GetServices<ICompletionPublisher>().ToArray();

        Assert.Equal(2, publishers.Length);
        Assert.Contains(publishers, p => p is EventGridCompletionPublisher);
        Assert.Contains(publishers, p => p is QueueCompletionPublisher);
    }

    [Fact]
    public void An_http_topic_without_an_access_key_is_refused_because_entra_tokens_need_https()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Publishers(("Notifications:EventGridTopicEndpoint", "http://127.0.0.1:5000/api/events")));

        Assert.Contains("Notifications:EventGridTopicKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Completions", "", "not a valid queue name")]
    [InlineData("completions", "", "needs a storage account")]
    public void A_queue_that_cannot_work_is_refused_at_start_up(string queueName, string connectionString, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Publishers(("Notifications:QueueName", queueName), ("Storage:ConnectionString", connectionString)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    static ICompletionPublisher[] Publishers(params (string Key, string Value)[] settings) =>
        [.. new ServiceCollection().AddLogging().AddCompletionPublishers(Configuration(settings)).BuildServiceProvider().GetServices<ICompletionPublisher>()];

    static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
