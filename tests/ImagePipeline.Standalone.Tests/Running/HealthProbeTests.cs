using System.Net;
using System.Text.Json;

namespace ImagePipeline.Standalone.Tests.Running;

/// <summary><c>GET /api/health/live</c> and <c>/api/health/ready</c> on a running host; <c>/api/health</c> stays.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task A_started_host_is_live_and_ready_with_each_check_named()
    {
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?>());

        using var live = await host.Http.GetAsync("api/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using var ready = await host.Http.GetAsync("api/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        foreach (var check in new[] { "storage", "runtime", "providers" })
            Assert.Equal("healthy", checks.GetProperty(check).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/health")).StatusCode);
    }

    [Fact]
    public async Task Without_a_provider_the_host_is_live_but_not_ready_and_says_why()
    {
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?> { ["Providers:Mock:Enabled"] = "false" });

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("api/health/live")).StatusCode);
        using var ready = await host.Http.GetAsync("api/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var providers = body.RootElement.GetProperty("checks").GetProperty("providers");
        Assert.Equal("unhealthy", providers.GetProperty("status").GetString());
        Assert.Contains("No provider is configured", providers.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("healthy", body.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }
}
