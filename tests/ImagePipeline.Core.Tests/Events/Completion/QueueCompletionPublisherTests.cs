using Azure.Messaging;
using Azure.Storage.Queues;
using ImagePipeline.Generation;
using ImagePipeline.Notifications;
using ImagePipeline.Notifications.Completion;
using ImagePipeline.Serialization;
using ImagePipeline.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Events.Completion;

/// <summary>Against a real Azurite.</summary>
public sealed class QueueCompletionPublisherTests : IAsyncLifetime
{
    readonly string _queueName = "completions-" + Guid.NewGuid().ToString("N")[..12];
    QueueClient _queue = null!;

    public async Task InitializeAsync() => _queue = new QueueClient((await AzuriteServer.GetSharedAsync()).ConnectionString, _queueName);

    public async Task DisposeAsync() => await _queue.DeleteIfExistsAsync();

    [Fact]
    public async Task A_completion_becomes_one_cloud_event_message_on_a_queue_created_on_demand()
    {
        var publisher = new QueueCompletionPublisher(_queue, NullLogger<QueueCompletionPublisher>.Instance);
        var document = CompletionDocuments.Completed("gen_queue1");

        await publisher.PublishAsync(document, default);

        var message = Assert.Single((await _queue.PeekMessagesAsync(maxMessages: 32)).Value);
        var cloudEvent = CloudEvent.Parse(message.Body)!;
        Assert.Equal(CompletionEventTypes.Completed, cloudEvent.Type);
        Assert.Equal(CompletionEventTypes.Source, cloudEvent.Source);
        Assert.Equal("gen_queue1", cloudEvent.Subject);
        Assert.Equal("gen_queue1-completed", cloudEvent.Id);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        Assert.Equal(document.UpdatedAt, cloudEvent.Time);
        var data = cloudEvent.Data!.ToObjectFromJson<GenerationStatusDocument>(WorkflowJson.Options)!;
        Assert.Equal(GenerationStatus.Completed, data.Status);
        Assert.Equal(document.Outputs[0].Uri, Assert.Single(data.Outputs).Uri);
        Assert.Equal("7", data.Metadata["order"]);
    }
}
