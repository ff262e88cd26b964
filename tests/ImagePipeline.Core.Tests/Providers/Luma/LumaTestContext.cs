using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Luma;
using ImagePipeline.Resilience;
using ImagePipeline.Testing.Simulators.Luma;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Providers.Luma;

/// <summary>A started <see cref="LumaSimulator"/> and a <see cref="LumaClient"/> pointed at both of its APIs, with fast retries.</summary>
internal sealed class LumaTestContext : IAsyncDisposable
{
    readonly HttpClient _httpClient = new();

    LumaTestContext(LumaSimulator simulator, ProviderResilienceOptions resilience)
    {
        Simulator = simulator;
        Options = new LumaClientOptions
        {
            ApiKey = LumaSimulator.DefaultApiKey,
            BaseUrl = simulator.AgentsBaseUrl,
            DreamMachineBaseUrl = simulator.DreamMachineBaseUrl,
        };
        Client = new LumaClient(_httpClient, Options, ProviderResiliencePipelines.CreateRegistry(resilience), NullLogger<LumaClient>.Instance);
    }

    public LumaSimulator Simulator { get; }
    public LumaClientOptions Options { get; }
    public LumaClient Client { get; }

    public static ProviderResilienceOptions FastResilience() => new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(2),
        TotalTimeout = TimeSpan.FromSeconds(20),
        MaxRetryAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(500),
        MaxSubmitRateLimitRetries = 2,
    };

    public static async Task<LumaTestContext> StartAsync(ProviderResilienceOptions? resilience = null)
    {
        var simulator = new LumaSimulator();
        await simulator.StartAsync();
        return new LumaTestContext(simulator, resilience ?? FastResilience());
    }

    public static ProviderJobRequest Job(string model, GenerationRequest request, Uri? callbackUrl = null) =>
        new("gen-" + Guid.NewGuid().ToString("N"), request with { Provider = ProviderNames.Luma, Model = model }, model, callbackUrl);

    /// <summary>Polls until the job ends (the simulator's jobs last well under the bound).</summary>
    public async Task<ProviderJobStatus> WaitForEndAsync(ProviderJobHandle job)
    {
        for (var i = 0; i < 400; i++)
        {
            var status = await Client.GetStatusAsync(job);
            if (status.State.IsTerminal()) return status;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"Luma job {job.JobId} never ended.");
    }

    public static async Task<byte[]> ReadAllAsync(ProviderDownload download)
    {
        await using (download)
        {
            using var buffer = new MemoryStream();
            await download.Content.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    /// <summary>A tiny PNG as a data URI.</summary>
    public static string PngDataUri(int seed = 1) =>
        "data:image/png;base64," + Convert.ToBase64String(ImagePipeline.Providers.Mock.PngImageEncoder.CreateGradient(4, 4, seed));

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        _httpClient.Dispose();
    }
}
