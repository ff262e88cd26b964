using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Providers.Scenario;
using ImagePipeline.Resilience;
using ImagePipeline.Testing.Simulators.Scenario;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Providers.Scenario;

/// <summary>A Scenario simulator and a client pointed at it, with fast resilience settings.</summary>
internal sealed class ScenarioTestHarness : IAsyncDisposable
{
    public const string Model = "model_luma-uni-1-max";

    readonly HttpClient _httpClient;

    ScenarioTestHarness(ScenarioSimulator simulator, ScenarioClient client, HttpClient httpClient)
    {
        Simulator = simulator;
        Client = client;
        _httpClient = httpClient;
    }

    public ScenarioSimulator Simulator { get; }
    public ScenarioClient Client { get; }

    public static async Task<ScenarioTestHarness> StartAsync(Action<ProviderResilienceOptions>? configureResilience = null,
        Action<ScenarioClientOptions>? configureClient = null)
    {
        var simulator = new ScenarioSimulator();
        await simulator.StartAsync();
        var resilience = new ProviderResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(2),
            TotalTimeout = TimeSpan.FromSeconds(20),
            MaxRetryAttempts = 4,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(500),
            MaxSubmitRateLimitRetries = 2,
        };
        configureResilience?.Invoke(resilience);
        var options = new ScenarioClientOptions { ApiKey = simulator.ApiKey, ApiSecret = simulator.ApiSecret, BaseUrl = simulator.ApiUrl };
        configureClient?.Invoke(options);
        var httpClient = new HttpClient();
        var client = new ScenarioClient(httpClient, options, ProviderResiliencePipelines.CreateRegistry(resilience), NullLogger<ScenarioClient>.Instance);
        return new ScenarioTestHarness(simulator, client, httpClient);
    }

    public static ProviderJobRequest Request(GenerationRequest request, string model = Model) => new($"gen-{Guid.NewGuid():N}", request, model);

    public static string PngDataUri(int seed) => "data:image/png;base64," + Convert.ToBase64String(PngImageEncoder.CreateGradient(16, 12, seed));

    /// <summary>Polls as the workflow would (bounded number of looks, no timing asserted).</summary>
    public async Task<ProviderJobStatus> WaitForTerminalAsync(ProviderJobHandle job)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var status = await Client.GetStatusAsync(job);
            if (status.State.IsTerminal()) return status;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"Scenario job {job.JobId} never reached a terminal state.");
    }

    public async Task<byte[]> DownloadAsync(ProviderOutput output)
    {
        await using var download = await Client.DownloadAsync(output);
        using var buffer = new MemoryStream();
        await download.Content.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>The PNG the simulator serves behind an output URL.</summary>
    public byte[]? ServedFile(ProviderOutput output) => Simulator.GetFile(Uri.UnescapeDataString(new Uri(output.Url).Segments[^1]));

    public async ValueTask DisposeAsync()
    {
        _httpClient.Dispose();
        await Simulator.DisposeAsync();
    }
}
