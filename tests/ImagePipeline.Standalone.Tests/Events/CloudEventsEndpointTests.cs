using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ImagePipeline.Events;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Testing.Azurite;

namespace ImagePipeline.Standalone.Tests.Events;

/// <summary><c>POST /api/events</c>: CloudEvents whose data is a generation request start generations.</summary>
public sealed class CloudEventsEndpointTests
{
    const string Single = "application/cloudevents+json";
    const string Batch = "application/cloudevents-batch+json";
    const string Source = "/tests/orders";

    static readonly Dictionary<string, string?> MockSettings = new()
    {
        ["Pipeline:DefaultProvider"] = "mock",
        ["Providers:Mock:Delay"] = "00:00:00",
    };

    [Fact]
    public async Task A_single_event_starts_a_generation_that_can_be_followed()
    {
        await using var host = await PipelineHost.StartAsync(MockSettings);

        using var response = await PostAsync(host, Event("evt-single", new { prompt = "a red fox", metadata = new { order = "1" } }), Single);
        var result = Assert.Single(await ResultsAsync(response, HttpStatusCode.Accepted));
        var id = result.GetProperty("generationId").GetString()!;
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal("started", result.GetProperty("result").GetString());
        Assert.Equal("evt-single", result.GetProperty("id").GetString());
        Assert.Equal($"/api/generations/{id}", result.GetProperty("statusUrl").GetString());
        Assert.Equal(GenerationIds.FromKey(EventEntryPointOptions.CloudEventScope, $"{Source}/evt-single"), id);
        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal("1", done.Metadata["order"]);
    }

    [Fact]
    public async Task A_batch_starts_one_generation_per_event()
    {
        await using var host = await PipelineHost.StartAsync(MockSettings);

        using var response = await PostAsync(host,
            $"[{Event("evt-b1", new { prompt = "a red fox", metadata = new { n = "1" } })}, {Event("evt-b2", new { prompt = "a blue whale", metadata = new { n = "2" } })}]", Batch);
        var results = await ResultsAsync(response, HttpStatusCode.Accepted);

        Assert.Equal(2, results.Length);
        Assert.All(results, r => Assert.Equal("started", r.GetProperty("result").GetString()));
        var first = await host.GetStatusAsync(results[0].GetProperty("generationId").GetString()!);
        var second = await host.GetStatusAsync(results[1].GetProperty("generationId").GetString()!);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("1", first.Metadata["n"]);
        Assert.Equal("2", second.Metadata["n"]);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_starts_one_generation()
    {
        await using var host = await PipelineHost.StartAsync(MockSettings);
        var cloudEvent = Event("evt-twice", new { prompt = "a red fox" });

        using var first = await PostAsync(host, cloudEvent, Single);
        using var again = await PostAsync(host, cloudEvent, Single);
        var firstResult = Assert.Single(await ResultsAsync(first, HttpStatusCode.Accepted));
        var againResult = Assert.Single(await ResultsAsync(again, HttpStatusCode.Accepted));

        Assert.Equal("started", firstResult.GetProperty("result").GetString());
        Assert.Equal("duplicate", againResult.GetProperty("result").GetString());
        Assert.Equal(firstResult.GetProperty("generationId").GetString(), againResult.GetProperty("generationId").GetString());
    }

    [Fact]
    public async Task Events_that_are_not_valid_requests_are_refused_with_the_reason_recorded_and_nothing_started()
    {
        var azurite = await AzuriteServer.GetSharedAsync();
        var poisonQueue = new QueueClient(azurite.ConnectionString, "poison-" + Guid.NewGuid().ToString("N")[..12]);
        var settings = new Dictionary<string, string?>(MockSettings)
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Events:PoisonQueueName"] = poisonQueue.Name,
        };
        await using var host = await PipelineHost.StartAsync(settings);
        var notJson = $$"""{ "specversion": "1.0", "id": "evt-garbage", "source": "{{Source}}", "type": "Contoso.Image.Requested", "data_base64": "{{Convert.ToBase64String(Encoding.UTF8.GetBytes("{ not json"))}}" }""";

        using var response = await PostAsync(host,
            $"[{Event("evt-ok", new { prompt = "a red fox" })}, {notJson}, {Event("evt-invalid", new { prompt = "a red fox", numberOfImages = 9 })}]", Batch);
        var results = await ResultsAsync(response, HttpStatusCode.Accepted);

        Assert.Equal(new string?[] { "started", "refused", "refused" }, results.Select(r => r.GetProperty("result").GetString()));
        Assert.Contains("not valid JSON", results[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("numberOfImages", Assert.Single(results[2].GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        foreach (var refused in new[] { "evt-garbage", "evt-invalid" })
        {
            using var status = await host.Http.GetAsync($"api/generations/{GenerationIds.FromKey(EventEntryPointOptions.CloudEventScope, $"{Source}/{refused}")}");
            Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        }
        var poison = (await poisonQueue.PeekMessagesAsync(maxMessages: 32)).Value.Select(m => JsonDocument.Parse(m.Body).RootElement).ToArray();
        Assert.Equal(new string?[] { "evt-garbage", "evt-invalid" }, poison.Select(p => p.GetProperty("originalId").GetString()).Order());
        Assert.All(poison, p => Assert.False(string.IsNullOrEmpty(p.GetProperty("reason").GetString())));
        await poisonQueue.DeleteIfExistsAsync();
    }

    [Theory]
    [InlineData("""{ "prompt": "a red fox" }""", Single)]
    [InlineData("a red fox", Single)]
    [InlineData("""[{ "specversion": "1.0", "id": "e1", "source": "/s", "type": "t", "data": { "prompt": "a fox" } }]""", Single)]
    [InlineData("""{ "specversion": "1.0", "id": "e1", "source": "/s", "type": "t", "data": { "prompt": "a fox" } }""", Batch)]
    [InlineData("[]", Batch)]
    [InlineData("""[{ "specversion": "1.0", "id": "e1", "source": "/s", "data": { "prompt": "a fox" } }]""", Batch)]
    public async Task A_body_that_is_not_cloud_events_is_refused_whole(string body, string contentType)
    {
        await using var host = await PipelineHost.StartAsync(MockSettings);

        using var response = await PostAsync(host, body, contentType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The body is not CloudEvents.", problem.GetProperty("title").GetString());
        using var status = await host.Http.GetAsync($"api/generations/{GenerationIds.FromKey(EventEntryPointOptions.CloudEventScope, "/s/e1")}");
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task Other_media_types_are_refused()
    {
        await using var host = await PipelineHost.StartAsync(MockSettings);

        using var response = await PostAsync(host, Event("evt-text", new { prompt = "a red fox" }), "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task The_cloud_events_webhook_validation_handshake_is_answered()
    {
        await using var host = await PipelineHost.StartAsync(MockSettings);
        using var request = new HttpRequestMessage(HttpMethod.Options, "api/events");
        request.Headers.Add("WebHook-Request-Origin", "eventemitter.example.com");

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventemitter.example.com", response.Headers.GetValues("WebHook-Allowed-Origin").Single());
    }

    static string Event(string id, object data) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = Source,
        ["type"] = "Contoso.Image.Requested",
        ["datacontenttype"] = "application/json",
        ["data"] = data,
    });

    static async Task<HttpResponseMessage> PostAsync(PipelineHost host, string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await host.Http.PostAsync("api/events", content);
    }

    static async Task<JsonElement[]> ResultsAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST /api/events answered {(int)response.StatusCode}: {text}");
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray()];
    }
}
