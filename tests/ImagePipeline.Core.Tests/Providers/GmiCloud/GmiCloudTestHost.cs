using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.GmiCloud;
using ImagePipeline.Resilience;
using ImagePipeline.Testing.Simulators.GmiCloud;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Sdk;

namespace ImagePipeline.Tests.Providers.GmiCloud;

/// <summary>A GMI Cloud simulator and a client pointed at it, with fast retries so failure tests stay quick.</summary>
internal sealed class GmiCloudTestHost : IAsyncDisposable
{
    readonly HttpClient _httpClient = new();

    GmiCloudTestHost() => Client = null!;

    public GmiCloudSimulator Simulator { get; } = new();

    public GmiCloudClient Client { get; private set; }

    public static async Task<GmiCloudTestHost> StartAsync()
    {
        var host = new GmiCloudTestHost();
        await host.Simulator.StartAsync();
        host.Client = host.CreateClient();
        return host;
    }

    public static ProviderResilienceOptions FastResilience() => new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(2),
        TotalTimeout = TimeSpan.FromSeconds(20),
        MaxRetryAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(500),
        MaxSubmitRateLimitRetries = 2,
    };

    public GmiCloudClient CreateClient(string? apiKey = null, ProviderResilienceOptions? resilience = null) =>
        new(_httpClient,
            new GmiCloudClientOptions { ApiKey = apiKey ?? Simulator.ApiKey, BaseUrl = Simulator.ApiBaseUrl },
            ProviderResiliencePipelines.CreateRegistry(resilience ?? FastResilience()),
            NullLogger<GmiCloudClient>.Instance);

    public static ProviderJobRequest JobRequest(GenerationRequest request, string model = "luma-uni-1.1") =>
        new($"gen-{Guid.NewGuid():N}", request, model);

    public static ProviderJobHandle Handle(ProviderSubmission submission, string model = "luma-uni-1.1") => new(submission.JobId, model);

    /// <summary>Polls as the workflow would until the job ends (bounded by a number of polls, not by a clock assertion).</summary>
    public async Task<ProviderJobStatus> WaitForTerminalAsync(ProviderJobHandle job)
    {
        for (var poll = 0; poll < 500; poll++)
        {
            var status = await Client.GetStatusAsync(job);
            if (status.State.IsTerminal()) return status;
            await Task.Delay(20);
        }
        throw new XunitException($"GMI Cloud job {job.JobId} never finished.");
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

    public async ValueTask DisposeAsync()
    {
        _httpClient.Dispose();
        await Simulator.DisposeAsync();
    }
}
