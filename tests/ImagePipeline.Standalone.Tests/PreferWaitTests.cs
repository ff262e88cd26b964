using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary><c>Prefer: wait=N</c> over real HTTP: the final status in one call when the generation ends in time, the
/// usual answer when it does not.</summary>
public sealed class PreferWaitTests : IAsyncLifetime
{
    readonly SegmindSimulator _segmind = new();
    PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        await _segmind.StartAsync();
        _segmind.Behavior.JobDuration = TimeSpan.FromMinutes(5); // longer than any wait here
        var settings = SimulatorSettings.For(_segmind, firstPoll: TimeSpan.FromMilliseconds(200));
        settings["Providers:Mock:Delay"] = "00:00:01";
        settings["Pipeline:Polling:mock:FirstPollAfter"] = "00:00:00.200";
        settings["Pipeline:Polling:mock:Interval"] = "00:00:00.200";
        _host = await PipelineHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _segmind.DisposeAsync();
    }

    [Fact]
    public async Task A_start_that_ends_within_the_wait_answers_200_with_the_final_status()
    {
        using var response = await PostAsync(new { prompt = "a fox", provider = "mock" }, "wait=20");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("wait=20", Applied(response));
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Completed", document.GetProperty("status").GetString());
        Assert.Equal(1, document.GetProperty("outputs").GetArrayLength());
    }

    [Fact]
    public async Task A_start_that_outlasts_the_wait_answers_202_as_usual()
    {
        using var response = await PostAsync(new { prompt = "a fox", provider = "segmind" }, "wait=1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("wait=1", Applied(response));
        Assert.NotNull(response.Headers.Location);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_status_read_with_a_wait_returns_the_final_status_once_it_ends()
    {
        var id = await _host.StartAndGetIdAsync(new { prompt = "a fox", provider = "mock" });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/generations/{id}");
        request.Headers.TryAddWithoutValidation("Prefer", "wait=20");
        using var response = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("wait=20", Applied(response));
        Assert.Equal("Completed", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_status_read_that_outlasts_the_wait_answers_the_running_status()
    {
        var id = await _host.StartAndGetIdAsync(new { prompt = "a fox", provider = "segmind" });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/generations/{id}");
        request.Headers.TryAddWithoutValidation("Prefer", "wait=1");
        using var response = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("wait=1", Applied(response));
        Assert.NotNull(response.Headers.RetryAfter);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
        Assert.Contains(status, new[] { "Queued", "Submitted", "Running" });
    }

    async Task<HttpResponseMessage> PostAsync(object body, string prefer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/generations") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Prefer", prefer);
        return await _host.Http.SendAsync(request);
    }

    static string? Applied(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Preference-Applied", out var values) ? string.Join(",", values) : null;
}
