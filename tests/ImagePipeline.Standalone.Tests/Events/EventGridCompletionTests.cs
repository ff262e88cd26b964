using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Notifications;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Standalone.Tests.Events;

/// <summary>Completion events to an Event Grid topic, here a local receiver authenticated with an access key.</summary>
public sealed class EventGridCompletionTests
{
    [Fact]
    public async Task A_completed_generation_is_published_to_the_topic_as_a_cloud_event()
    {
        await using var topic = await WebhookReceiver.StartAsync();
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultProvider"] = "mock",
            ["Providers:Mock:Delay"] = "00:00:00",
            ["Notifications:EventGridTopicEndpoint"] = new Uri(topic.BaseUrl, "api/events").ToString(),
            ["Notifications:EventGridTopicKey"] = "topic-key-1",
        });

        var id = await host.StartAndGetIdAsync(new { prompt = "a lighthouse at dusk" });
        var done = await host.WaitForTerminalAsync(id);
        var delivery = await topic.WaitForDeliveryAsync(1, TimeSpan.FromSeconds(10));

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal(1, topic.DeliveryCount);
        Assert.Equal("application/cloudevents-batch+json; charset=utf-8", delivery.Header("Content-Type"));
        Assert.Equal("topic-key-1", delivery.Header("aeg-sas-key"));
        var cloudEvent = Assert.Single(JsonDocument.Parse(delivery.BodyText).RootElement.EnumerateArray());
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal(CompletionEventTypes.Completed, cloudEvent.GetProperty("type").GetString());
        Assert.Equal(CompletionEventTypes.Source, cloudEvent.GetProperty("source").GetString());
        Assert.Equal(id, cloudEvent.GetProperty("subject").GetString());
        Assert.Equal($"{id}-completed", cloudEvent.GetProperty("id").GetString());
        var data = cloudEvent.GetProperty("data");
        Assert.Equal(id, data.GetProperty("id").GetString());
        Assert.Equal("Completed", data.GetProperty("status").GetString());
        Assert.Equal(done.Outputs[0].Uri, data.GetProperty("outputs")[0].GetProperty("uri").GetString());
    }
}
