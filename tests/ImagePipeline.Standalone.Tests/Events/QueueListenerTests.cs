using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ImagePipeline.Events;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Testing.Azurite;

namespace ImagePipeline.Standalone.Tests.Events;

/// <summary>The standalone host's listener on the request queue, against a real Azurite.</summary>
public sealed class QueueListenerTests : IAsyncLifetime
{
    readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    AzuriteServer _azurite = null!;
    QueueClient _requests = null!;
    QueueClient _poison = null!;
    BlobContainerClient _ledger = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.GetSharedAsync();
        _requests = new QueueClient(_azurite.ConnectionString, "requests-" + _suffix);
        _poison = new QueueClient(_azurite.ConnectionString, "requests-" + _suffix + "-poison");
        _ledger = new BlobContainerClient(_azurite.ConnectionString, "state-" + _suffix);
        await _requests.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await _requests.DeleteIfExistsAsync();
        await _poison.DeleteIfExistsAsync();
        await _ledger.DeleteIfExistsAsync();
    }

    [Fact]
    public async Task A_request_message_starts_a_generation_and_is_deleted()
    {
        await using var host = await StartHostAsync();

        var sent = (await _requests.SendMessageAsync("""{ "prompt": "a red fox in fresh snow", "metadata": { "order": "41" } }""")).Value;
        var id = GenerationIds.FromKey(EventEntryPointOptions.QueueScope, sent.MessageId);
        await Eventually.TrueAsync(() => ExistsAsync(host, id), $"generation {id} exists");
        await Eventually.TrueAsync(async () => await QueueLengthAsync(_requests) == 0, "the request queue is empty");
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal("41", done.Metadata["order"]);
        Assert.False(await _poison.ExistsAsync());
    }

    [Fact]
    public async Task A_poison_message_is_moved_to_the_poison_queue_with_its_reason()
    {
        await using var host = await StartHostAsync();
        const string Body = """{ "prompt": "a red fox", "numberOfImages": 9 }""";

        var sent = (await _requests.SendMessageAsync(Body)).Value;
        await Eventually.TrueAsync(async () => await _poison.ExistsAsync() && await QueueLengthAsync(_poison) == 1, "the message is on the poison queue");
        await Eventually.TrueAsync(async () => await QueueLengthAsync(_requests) == 0, "the request queue is empty");

        var record = JsonDocument.Parse(Assert.Single((await _poison.PeekMessagesAsync(maxMessages: 32)).Value).Body).RootElement;
        Assert.Equal(sent.MessageId, record.GetProperty("originalId").GetString());
        Assert.Equal(Body, record.GetProperty("body").GetString());
        Assert.Contains("numberOfImages", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(await ExistsAsync(host, GenerationIds.FromKey(EventEntryPointOptions.QueueScope, sent.MessageId)));
    }

    [Fact]
    public async Task Two_messages_with_the_same_idempotency_key_start_one_generation()
    {
        await using var host = await StartHostAsync();
        const string Body = """{ "idempotencyKey": "order-42", "request": { "prompt": "a red fox" } }""";

        await _requests.SendMessageAsync(Body);
        await _requests.SendMessageAsync(Body);
        var id = GenerationIds.FromKey(EventEntryPointOptions.QueueScope, "order-42");
        await Eventually.TrueAsync(async () => await QueueLengthAsync(_requests) == 0, "both messages are consumed");
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        // One submission ledger entry per generation that reached the provider: one billable job, not two.
        var submissions = new List<string>();
        await foreach (var blob in _ledger.GetBlobsAsync()) submissions.Add(blob.Name);
        Assert.Single(submissions);
        Assert.False(await _poison.ExistsAsync());
    }

    [Fact]
    public async Task A_message_whose_earlier_deliveries_all_failed_is_moved_aside_after_the_maximum()
    {
        var sent = (await _requests.SendMessageAsync("""{ "prompt": "a red fox" }""")).Value;
        // A delivery that never completed (a crashed listener): the message reappears after its visibility timeout.
        await _requests.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1));
        await using var host = await StartHostAsync(maxDequeueCount: 1);

        await Eventually.TrueAsync(async () => await _poison.ExistsAsync() && await QueueLengthAsync(_poison) == 1, "the message is on the poison queue");
        await Eventually.TrueAsync(async () => await QueueLengthAsync(_requests) == 0, "the request queue is empty");

        var record = JsonDocument.Parse(Assert.Single((await _poison.PeekMessagesAsync(maxMessages: 32)).Value).Body).RootElement;
        Assert.Equal(sent.MessageId, record.GetProperty("originalId").GetString());
        Assert.Contains("Gave up after 1 deliveries", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(await ExistsAsync(host, GenerationIds.FromKey(EventEntryPointOptions.QueueScope, sent.MessageId)));
    }

    Task<PipelineHost> StartHostAsync(int maxDequeueCount = 5) => PipelineHost.StartAsync(new Dictionary<string, string?>
    {
        ["Pipeline:DefaultProvider"] = "mock",
        ["Providers:Mock:Delay"] = "00:00:00",
        ["Storage:ConnectionString"] = _azurite.ConnectionString,
        ["Storage:StateContainer"] = _ledger.Name,
        ["Events:RequestQueueName"] = _requests.Name,
        ["Events:PoisonQueueName"] = _poison.Name,
        ["Events:QueueListener:Enabled"] = "true",
        ["Events:QueueListener:MinPollInterval"] = "00:00:00.050",
        ["Events:QueueListener:MaxPollInterval"] = "00:00:00.200",
        ["Events:QueueListener:MaxDequeueCount"] = maxDequeueCount.ToString(CultureInfo.InvariantCulture),
    });

    static async Task<int> QueueLengthAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    static async Task<bool> ExistsAsync(PipelineHost host, string id)
    {
        using var response = await host.Http.GetAsync($"api/generations/{id}");
        return response.StatusCode == HttpStatusCode.OK;
    }
}
