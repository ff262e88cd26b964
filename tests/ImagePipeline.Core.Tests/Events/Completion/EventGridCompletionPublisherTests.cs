using System.Text.Json;
using Azure;
using Azure.Messaging.EventGrid;
using ImagePipeline.Notifications;
using ImagePipeline.Notifications.Completion;
using ImagePipeline.Testing.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Events.Completion;

/// <summary>Against a local HTTP receiver standing in for the Event Grid topic (access-key auth works over http).</summary>
public sealed class EventGridCompletionPublisherTests
{
    [Fact]
    public async Task A_failure_is_published_as_a_cloud_events_batch_with_the_access_key()
    {
        await using var topic = await WebhookReceiver.StartAsync();
        var client = new EventGridPublisherClient(new Uri(topic.BaseUrl, "api/events"), new AzureKeyCredential("topic-key-1"));
        var publisher = new EventGridCompletionPublisher(client, NullLogger<EventGridCompletionPublisher>.Instance);

        await publisher.PublishAsync(CompletionDocuments.Failed("gen_eg1"), default);

        var delivery = Assert.Single(topic.Deliveries);
        Assert.Equal("/api/events", delivery.Path);
        Assert.Equal("application/cloudevents-batch+json; charset=utf-8", delivery.Header("Content-Type"));
        Assert.Equal("topic-key-1", delivery.Header("aeg-sas-key"));
        var cloudEvent = Assert.Single(JsonDocument.Parse(delivery.BodyText).RootElement.EnumerateArray());
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal(CompletionEventTypes.Failed, cloudEvent.GetProperty("type").GetString());
        Assert.Equal(CompletionEventTypes.Source, cloudEvent.GetProperty("source").GetString());
        Assert.Equal("gen_eg1", cloudEvent.GetProperty("subject").GetString());
        Assert.Equal("gen_eg1-failed", cloudEvent.GetProperty("id").GetString());
        var data = cloudEvent.GetProperty("data");
        Assert.Equal("Failed", data.GetProperty("status").GetString());
        Assert.Equal("content_blocked", data.GetProperty("error").GetProperty("code").GetString());
    }
}
