using System.Text.Json;
using Azure.Storage.Queues;
using ImagePipeline.Events;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>The queue trigger on <c>generation-requests</c> in the real host: a request message becomes a generation
/// (id from the message id), a message that can never start one goes to the poison queue with its reason.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class QueueTriggerTests
{
    readonly FunctionsAppFixture _app;
    readonly QueueClient _requests;
    readonly QueueClient _poison;

    public QueueTriggerTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
        _requests = app.Queues.GetQueueClient(FunctionsAppFixture.RequestQueue);
        _poison = app.Queues.GetQueueClient(FunctionsAppFixture.PoisonQueue);
    }

    [Fact]
    public async Task A_request_message_starts_a_generation_that_completes()
    {
        var sent = (await _requests.SendMessageAsync("""{ "prompt": "a red fox in fresh snow", "provider": "mock", "metadata": { "order": "41" } }""")).Value;
        var id = GenerationIds.FromKey(EventEntryPointOptions.QueueScope, sent.MessageId);

        var done = await _app.WaitForTerminalAsync(id);

        Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
        Assert.Equal("mock", done.Provider);
        Assert.Equal("41", done.Metadata["order"]);
        Assert.Single(done.Outputs);
    }

    [Fact]
    public async Task A_poison_message_goes_to_the_poison_queue_with_its_reason_and_starts_nothing()
    {
        const string Body = """{ "prompt": "a red fox", "numberOfImages": 9 }""";
        var sent = (await _requests.SendMessageAsync(Body)).Value;

        var record = await Eventually.ValueAsync(async () =>
        {
            if (!(await _poison.ExistsAsync()).Value) return null;
            foreach (var message in (await _poison.PeekMessagesAsync(maxMessages: 32)).Value)
            {
                var json = JsonDocument.Parse(message.Body).RootElement;
                if (json.TryGetProperty("originalId", out var original) && original.GetString() == sent.MessageId) return (JsonElement?)json;
            }
            return null;
        }, TimeSpan.FromSeconds(60), $"message {sent.MessageId} on {FunctionsAppFixture.PoisonQueue}", _app);

        Assert.Equal(PoisonMessage.QueueOrigin, record.GetProperty("origin").GetString());
        Assert.Equal(Body, record.GetProperty("body").GetString());
        Assert.Contains("numberOfImages", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(await _app.FindStatusAsync(GenerationIds.FromKey(EventEntryPointOptions.QueueScope, sent.MessageId)));
    }
}
