using System.Net;
using Azure.Messaging;
using Azure.Storage.Queues;
using ImagePipeline.Generation;
using ImagePipeline.Notifications;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Serialization;
using ImagePipeline.Testing.Azurite;

namespace ImagePipeline.Standalone.Tests.Events;

/// <summary>Completion events on a storage queue (real Azurite), for each terminal status, through the whole host.</summary>
public sealed class CompletionQueueTests : IAsyncLifetime
{
    readonly string _queueName = "completions-" + Guid.NewGuid().ToString("N")[..12];
    AzuriteServer _azurite = null!;
    QueueClient _queue = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.GetSharedAsync();
        _queue = new QueueClient(_azurite.ConnectionString, _queueName);
    }

    public async Task DisposeAsync() => await _queue.DeleteIfExistsAsync();

    [Fact]
    public async Task A_completed_generation_puts_exactly_one_completed_event_on_the_queue()
    {
        await using var host = await PipelineHost.StartAsync(Settings(mockDelay: TimeSpan.Zero));

        var id = await host.StartAndGetIdAsync(new { prompt = "a red fox in fresh snow", metadata = new { order = "7" } });
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        var (cloudEvent, data) = await SingleEventAsync();
        Assert.Equal(CompletionEventTypes.Completed, cloudEvent.Type);
        Assert.Equal(id, cloudEvent.Subject);
        Assert.Equal(id, data.Id);
        Assert.Equal(GenerationStatus.Completed, data.Status);
        Assert.Equal(done.Outputs[0].Uri, Assert.Single(data.Outputs).Uri);
        Assert.Equal("7", data.Metadata["order"]);
    }

    [Fact]
    public async Task A_failed_generation_puts_exactly_one_failed_event_with_the_error_on_the_queue()
    {
        await using var host = await PipelineHost.StartAsync(Settings(mockDelay: TimeSpan.Zero));

        var id = await host.StartAndGetIdAsync(new { prompt = "a red fox " + MockImageProvider.FailMarker });
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Failed, done.Status);
        var (cloudEvent, data) = await SingleEventAsync();
        Assert.Equal(CompletionEventTypes.Failed, cloudEvent.Type);
        Assert.Equal(id, cloudEvent.Subject);
        Assert.Equal(GenerationStatus.Failed, data.Status);
        Assert.Equal(done.Error!.Code, data.Error!.Code);
        Assert.Empty(data.Outputs);
    }

    [Fact]
    public async Task A_canceled_generation_puts_exactly_one_canceled_event_on_the_queue()
    {
        await using var host = await PipelineHost.StartAsync(Settings(mockDelay: TimeSpan.FromHours(1)));
        var id = await host.StartAndGetIdAsync(new { prompt = "a red fox that takes forever" });
        await host.WaitForAsync(id, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);

        using var cancel = await host.Http.PostAsync($"api/generations/{id}/cancel", null);
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(GenerationStatus.Canceled, done.Status);
        var (cloudEvent, data) = await SingleEventAsync();
        Assert.Equal(CompletionEventTypes.Canceled, cloudEvent.Type);
        Assert.Equal(id, cloudEvent.Subject);
        Assert.Equal(GenerationStatus.Canceled, data.Status);
    }

    Dictionary<string, string?> Settings(TimeSpan mockDelay) => new()
    {
        ["Pipeline:DefaultProvider"] = "mock",
        ["Providers:Mock:Delay"] = SimulatorSettings.Format(mockDelay),
        ["Storage:ConnectionString"] = _azurite.ConnectionString,
        ["Notifications:QueueName"] = _queueName,
    };

    /// <summary>The one message on the completion queue (the event is published before the final status is recorded).</summary>
    async Task<(CloudEvent Event, GenerationStatusDocument Data)> SingleEventAsync()
    {
        var message = Assert.Single((await _queue.PeekMessagesAsync(maxMessages: 32)).Value);
        var cloudEvent = CloudEvent.Parse(message.Body)!;
        Assert.Equal(CompletionEventTypes.Source, cloudEvent.Source);
        return (cloudEvent, cloudEvent.Data!.ToObjectFromJson<GenerationStatusDocument>(WorkflowJson.Options)!);
    }
}
