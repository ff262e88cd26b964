using System.Net;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary>A provider outage over real HTTP: its circuit opens and <c>GET /api/health</c> says so (per provider, with
/// the error rate) while the host stays healthy; a generation started while it is open sends the provider nothing.</summary>
public sealed class ProviderCircuitHealthTests : IAsyncLifetime
{
    readonly SegmindSimulator _segmind = new();
    PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        await _segmind.StartAsync();
        var settings = SimulatorSettings.For(_segmind, firstPoll: TimeSpan.FromMilliseconds(100));
        settings["Routing:Circuit:MinimumThroughput"] = "2";
        settings["Routing:Circuit:FailureRatio"] = "0.5";
        settings["Routing:Circuit:SamplingDuration"] = "00:01:00";
        settings["Routing:Circuit:BreakDuration"] = "00:10:00"; // stays open for the rest of the test
        _host = await PipelineHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _segmind.DisposeAsync();
    }

    [Fact]
    public async Task An_outage_opens_the_providers_circuit_in_health_and_new_work_is_not_sent_to_it()
    {
        var (_, before) = await HealthAsync();
        Assert.Equal("closed", before.GetProperty("circuits").GetProperty("segmind").GetProperty("state").GetString());

        _segmind.Behavior.RateLimitWait = TimeSpan.FromMilliseconds(10);
        _segmind.Behavior.RateLimitNextRequests = 1000; // the outage: every request is refused with 429
        for (var i = 0; i < 2; i++)
        {
            var failed = await _host.WaitForTerminalAsync(await _host.StartAndGetIdAsync(new { prompt = "a lighthouse", provider = "segmind" }));
            Assert.Equal(ProviderErrorCodes.RateLimited, failed.Error?.Code);
        }

        var (status, health) = await HealthAsync();
        Assert.Equal(HttpStatusCode.OK, status); // the host can still route work to its other providers
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        var segmind = health.GetProperty("circuits").GetProperty("segmind");
        Assert.Equal("open", segmind.GetProperty("state").GetString());
        Assert.Equal(1.0, segmind.GetProperty("errorRate").GetDouble());
        Assert.Equal(2, segmind.GetProperty("calls").GetInt32());
        Assert.Equal(2, segmind.GetProperty("failures").GetInt32());
        Assert.Equal("closed", health.GetProperty("circuits").GetProperty("mock").GetProperty("state").GetString());

        var seen = _segmind.AnsweredRequests.Count;
        var refused = await _host.WaitForTerminalAsync(await _host.StartAndGetIdAsync(new { prompt = "a lighthouse", provider = "segmind" }));
        Assert.Equal(GenerationStatus.Failed, refused.Status);
        Assert.Equal(ProviderErrorCodes.ProviderUnavailable, refused.Error?.Code);
        Assert.Equal(seen, _segmind.AnsweredRequests.Count);
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync()
    {
        using var response = await _host.Http.GetAsync("api/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }
}
