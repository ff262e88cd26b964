using System.Text.Json;
using Azure.Messaging;
using Azure.Storage.Queues;
using ImagePipeline.Events;
using ImagePipeline.Pipeline;
using ImagePipeline.Starting;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Events;

/// <summary>Queue messages and CloudEvents start generations once; poison is moved to a real (Azurite) poison queue.</summary>
public sealed class EventStartProcessorTests : IAsyncLifetime
{
    readonly string _poisonQueueName = "poison-" + Guid.NewGuid().ToString("N")[..12];
    readonly RecordingWorkflowClient _workflows = new();
    QueueClient _poisonQueue = null!;
    EventStartProcessor _processor = null!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.GetSharedAsync();
        _poisonQueue = new QueueClient(azurite.ConnectionString, _poisonQueueName);
        var starter = new GenerationStarter(Options.Create(new PipelineOptions()), Options.Create(new PollingOptions()), TimeProvider.System,
            NullLogger<GenerationStarter>.Instance);
        _processor = new EventStartProcessor(starter, [new StorageQueuePoisonMessageSink(_poisonQueue)], TimeProvider.System,
            NullLogger<EventStartProcessor>.Instance);
    }

    public async Task DisposeAsync() => await _poisonQueue.DeleteIfExistsAsync();

    [Fact]
    public async Task A_queue_message_starts_a_generation_under_the_id_derived_from_its_message_id()
    {
        var result = await _processor.StartFromQueueMessageAsync(_workflows, "msg-1", BinaryData.FromString("""{ "prompt": "a red fox", "provider": "mock" }"""), default);

        Assert.Equal(EventStartStatus.Started, result.Status);
        Assert.Equal(GenerationIds.FromKey(EventEntryPointOptions.QueueScope, "msg-1"), result.GenerationId);
        var started = Assert.Single(_workflows.Started);
        Assert.Equal("a red fox", started.Value.Request.Prompt);
        Assert.Equal("mock-uni-1", started.Value.Model);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_starts_one_generation()
    {
        var body = BinaryData.FromString("""{ "prompt": "a red fox" }""");

        var first = await _processor.StartFromQueueMessageAsync(_workflows, "msg-2", body, default);
        var again = await _processor.StartFromQueueMessageAsync(_workflows, "msg-2", body, default);

        Assert.Equal(EventStartStatus.Started, first.Status);
        Assert.Equal(EventStartStatus.AlreadyStarted, again.Status);
        Assert.Equal(first.GenerationId, again.GenerationId);
        Assert.Single(_workflows.Started);
    }

    [Fact]
    public async Task Two_messages_with_the_same_envelope_key_start_one_generation()
    {
        var body = BinaryData.FromString("""{ "idempotencyKey": "order-7", "request": { "prompt": "a red fox" } }""");

        var first = await _processor.StartFromQueueMessageAsync(_workflows, "msg-3", body, default);
        var second = await _processor.StartFromQueueMessageAsync(_workflows, "msg-4", body, default);

        Assert.Equal(GenerationIds.FromKey(EventEntryPointOptions.QueueScope, "order-7"), first.GenerationId);
        Assert.Equal(EventStartStatus.AlreadyStarted, second.Status);
        Assert.Equal(first.GenerationId, second.GenerationId);
        Assert.Single(_workflows.Started);
    }

    [Fact]
    public async Task A_cloud_event_is_keyed_by_its_source_and_id()
    {
        var cloudEvent = new CloudEvent("/orders", "Contoso.Image.Requested", new { prompt = "a lighthouse at dusk" }) { Id = "evt-1" };

        var first = await _processor.StartFromCloudEventAsync(_workflows, cloudEvent, default);
        var again = await _processor.StartFromCloudEventAsync(_workflows, cloudEvent, default);

        Assert.Equal(EventStartStatus.Started, first.Status);
        Assert.Equal(GenerationIds.FromKey(EventEntryPointOptions.CloudEventScope, "/orders/evt-1"), first.GenerationId);
        Assert.Equal(EventStartStatus.AlreadyStarted, again.Status);
        Assert.Equal("a lighthouse at dusk", Assert.Single(_workflows.Started).Value.Request.Prompt);
    }

    [Fact]
    public async Task Invalid_json_is_moved_to_the_poison_queue_with_its_reason_and_nothing_starts()
    {
        const string Body = "{ \"prompt\": \"a red fox\"";

        var result = await _processor.StartFromQueueMessageAsync(_workflows, "msg-bad", BinaryData.FromString(Body), default);

        Assert.Equal(EventStartStatus.Poison, result.Status);
        Assert.Contains("not valid JSON", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_workflows.Started);
        var poison = await SinglePoisonMessageAsync();
        Assert.Equal("queue", poison.GetProperty("origin").GetString());
        Assert.Equal("msg-bad", poison.GetProperty("originalId").GetString());
        Assert.Equal(result.Reason, poison.GetProperty("reason").GetString());
        Assert.Equal(Body, poison.GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_invalid_request_is_refused_naming_each_offending_field()
    {
        var result = await _processor.StartFromQueueMessageAsync(_workflows, "msg-invalid", BinaryData.FromString("""{ "prompt": "", "numberOfImages": 9 }"""), default);

        Assert.Equal(EventStartStatus.Poison, result.Status);
        Assert.Contains(result.Errors, e => e.Field == "prompt");
        Assert.Contains(result.Errors, e => e.Field == "numberOfImages");
        Assert.Empty(_workflows.Started);
        var poison = await SinglePoisonMessageAsync();
        var fields = poison.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToArray();
        Assert.Contains("prompt", fields);
        Assert.Contains("numberOfImages", fields);
    }

    [Fact]
    public async Task A_key_reused_for_a_different_request_is_refused()
    {
        await _processor.StartFromQueueMessageAsync(_workflows, "msg-5", BinaryData.FromString("""{ "idempotencyKey": "k", "prompt": "a red fox" }"""), default);

        var reused = await _processor.StartFromQueueMessageAsync(_workflows, "msg-6", BinaryData.FromString("""{ "idempotencyKey": "k", "prompt": "a blue whale" }"""), default);

        Assert.Equal(EventStartStatus.Poison, reused.Status);
        Assert.Contains("already used for a different request", reused.Reason, StringComparison.Ordinal);
        Assert.Equal("a red fox", Assert.Single(_workflows.Started).Value.Request.Prompt);
    }

    [Fact]
    public async Task A_refused_cloud_event_is_recorded_whole_with_its_source()
    {
        var cloudEvent = new CloudEvent("/orders", "Contoso.Image.Requested", new { prompt = "" }) { Id = "evt-bad" };

        var result = await _processor.StartFromCloudEventAsync(_workflows, cloudEvent, default);

        Assert.Equal(EventStartStatus.Poison, result.Status);
        var poison = await SinglePoisonMessageAsync();
        Assert.Equal("cloudevent", poison.GetProperty("origin").GetString());
        Assert.Equal("evt-bad", poison.GetProperty("originalId").GetString());
        Assert.Equal("/orders", poison.GetProperty("eventSource").GetString());
        var original = CloudEvent.Parse(BinaryData.FromString(poison.GetProperty("body").GetString()!))!;
        Assert.Equal("Contoso.Image.Requested", original.Type);
    }

    [Fact]
    public async Task A_failure_to_start_throws_so_the_host_retries_and_nothing_is_moved_aside()
    {
        _workflows.FailStarts = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _processor.StartFromQueueMessageAsync(_workflows, "msg-7", BinaryData.FromString("""{ "prompt": "a red fox" }"""), default));

        Assert.False(await _poisonQueue.ExistsAsync());
    }

    [Fact]
    public void An_oversized_body_is_cut_so_the_record_still_fits_a_queue_message()
    {
        var record = new PoisonMessage(PoisonMessage.QueueOrigin, "msg-big", null, "The body is not valid JSON.", [], new string('é', 100_000), DateTimeOffset.UnixEpoch);

        var json = record.ToJson();

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(json) <= PoisonMessage.MaxJsonBytes);
        var written = JsonDocument.Parse(json).RootElement;
        Assert.True(written.GetProperty("bodyTruncated").GetBoolean());
        Assert.StartsWith("ééé", written.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    async Task<JsonElement> SinglePoisonMessageAsync()
    {
        var messages = (await _poisonQueue.PeekMessagesAsync(maxMessages: 32)).Value;
        var message = Assert.Single(messages);
        return JsonDocument.Parse(message.Body).RootElement;
    }
}
