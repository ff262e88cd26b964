using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImagePipeline.Events;
using ImagePipeline.Generation;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary><c>POST /api/events</c> on the real host, as an Event Grid subscription delivers to it: the CloudEvents
/// webhook handshake first, then a batch whose events each start one generation, a redelivery starting nothing.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class CloudEventsTests
{
    readonly FunctionsAppFixture _app;

    public CloudEventsTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task The_webhook_validation_handshake_echoes_the_origin()
    {
        using var handshake = new HttpRequestMessage(HttpMethod.Options, "api/events");
        handshake.Headers.Add(CloudEventIntake.RequestOriginHeader, "eventgrid.azure.net");
        using var response = await _app.Http.SendAsync(handshake);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", response.Headers.GetValues(CloudEventIntake.AllowedOriginHeader).Single());
    }

    [Fact]
    public async Task A_batch_of_cloud_events_starts_one_generation_per_event_and_a_redelivery_starts_nothing()
    {
        var source = $"/contoso/orders/{Guid.NewGuid():N}";
        var batch = JsonSerializer.Serialize(new[] { Event(source, "evt-1", "a red fox in fresh snow"), Event(source, "evt-2", "a lighthouse at dusk") });

        var first = await PostBatchAsync(batch);
        var again = await PostBatchAsync(batch);

        Assert.Equal(["started", "started"], first.Select(r => r.GetProperty("result").GetString()));
        Assert.Equal(["duplicate", "duplicate"], again.Select(r => r.GetProperty("result").GetString()));
        var ids = first.Select(r => r.GetProperty("generationId").GetString()!).ToArray();
        Assert.Equal(ids, again.Select(r => r.GetProperty("generationId").GetString()!));
        foreach (var id in ids)
        {
            var done = await _app.WaitForTerminalAsync(id);
            Assert.True(done.Status == GenerationStatus.Completed, $"{id}: {done.Status} {done.Error?.Code} {done.Error?.Message}");
            Assert.Single(done.Outputs);
        }
    }

    async Task<JsonElement[]> PostBatchAsync(string batch)
    {
        using var content = new StringContent(batch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventIntake.BatchContentType);
        using var response = await _app.Http.PostAsync("api/events", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/events answered {(int)response.StatusCode}: {text}\n{_app.HostLogTail()}");
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray()];
    }

    static Dictionary<string, object> Event(string source, string id, string prompt) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = id,
        ["source"] = source,
        ["type"] = "Contoso.Image.Requested",
        ["datacontenttype"] = "application/json",
        ["data"] = new { prompt, provider = "mock" },
    };
}
