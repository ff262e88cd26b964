using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Scenario;
using ImagePipeline.Providers.Segmind;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Testing;
using ImagePipeline.Tests.Providers;
using ImagePipeline.Tests.Providers.Scenario;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Security;

/// <summary>Provider clients built without a guarded client of their own get the production guard: links they are
/// handed (caller input images, output links in a provider's answer or callback) cannot reach the loopback host.</summary>
public sealed class ProviderLinkGuardTests
{
    [Theory]
    [InlineData("http")]
    [InlineData("https")]
    public async Task A_scenario_input_on_loopback_is_refused_and_nothing_is_uploaded(string scheme)
    {
        await using var harness = await ScenarioTestHarness.StartAsync();
        var secret = harness.Simulator.AddInputFile("internal.json", "{\"secret\":\"s3cr3t\"}"u8.ToArray(), "application/json");
        var url = new UriBuilder(secret) { Scheme = scheme }.Uri.AbsoluteUri;
        using var http = new HttpClient();
        var client = new ScenarioClient(http,
            new ScenarioClientOptions { ApiKey = harness.Simulator.ApiKey, ApiSecret = harness.Simulator.ApiSecret, BaseUrl = harness.Simulator.ApiUrl },
            ProviderResiliencePipelines.CreateRegistry(ProviderTestKit.FastResilience()), NullLogger<ScenarioClient>.Instance);

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.SubmitAsync(
            ScenarioTestHarness.Request(new GenerationRequest { Prompt = "a fox", ReferenceImages = [url] })));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.Equal("referenceImages[0] was refused by policy.", error.ToError().Message);
        Assert.Empty(harness.Simulator.UploadedAssets);
        Assert.Equal(0, harness.Simulator.SubmitCount);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/out.png")]
    [InlineData("https://127.0.0.1:{0}/out.png")]
    [InlineData("https://localhost:{0}/out.png")]
    public async Task An_output_link_to_loopback_is_refused_without_a_connection_and_without_detail(string template)
    {
        await using var server = CountingLoopbackServer.Answering(200, "internal");
        using var http = new HttpClient();
        var client = new SegmindClient(http, new SegmindClientOptions { ApiKey = "k" },
            ProviderResiliencePipelines.CreateRegistry(ProviderTestKit.FastResilience()), NullLogger<SegmindClient>.Instance);
        var output = new ProviderOutput(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, server.Port));

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.DownloadAsync(output));

        Assert.False(error.IsTransient);
        Assert.Equal("A segmind output link was refused by policy.", error.ToError().Message);
        Assert.Equal(0, server.Accepted);
    }
}
