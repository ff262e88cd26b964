using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Providers.Runware;
using ImagePipeline.Resilience;
using ImagePipeline.Testing.Simulators.Runware;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Providers.Runware;

/// <summary>A Runware simulator and a client pointed at it, with fast resilience settings.</summary>
internal sealed class RunwareTestHarness : IAsyncDisposable
{
    public const string Model = "luma:uni@1";

    readonly HttpClient _httpClient;

    RunwareTestHarness(RunwareSimulator simulator, RunwareClient client, HttpClient httpClient)
    {
        Simulator = simulator;
        Client = client;
        _httpClient = httpClient;
    }

    public RunwareSimulator Simulator { get; }
    public RunwareClient Client { get; }

    public static async Task<RunwareTestHarness> StartAsync(Action<ProviderResilienceOptions>? configureResilience = null,
        Action<RunwareClientOptions>? configureClient = null)
    {
        var simulator = new RunwareSimulator();
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
        var options = new RunwareClientOptions { ApiKey = simulator.ApiKey, BaseUrl = simulator.ApiUrl };
        configureClient?.Invoke(options);
        var httpClient = new HttpClient();
        var client = new RunwareClient(httpClient, options, ProviderResiliencePipelines.CreateRegistry(resilience), NullLogger<RunwareClient>.Instance);
        return new RunwareTestHarness(simulator, client, httpClient);
    }

    public static ProviderJobRequest Request(GenerationRequest request, Uri? callbackUrl = null, string model = Model) =>
        new($"gen-{Guid.NewGuid():N}", request, model, callbackUrl);

    public static string PngDataUri(int seed) => "data:image/png;base64," + Convert.ToBase64String(PngImageEncoder.CreateGradient(16, 12, seed));

    public static string TaskUuidOf(ProviderJobRequest request) => RunwareTaskIds.FromGenerationId(request.GenerationId).ToString("D");

    /// <summary>Polls as the workflow would (bounded number of looks, no timing asserted).</summary>
    public async Task<ProviderJobStatus> WaitForTerminalAsync(ProviderJobHandle job)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var status = await Client.GetStatusAsync(job);
            if (status.State.IsTerminal()) return status;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"Runware task {job.JobId} never reached a terminal state.");
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

    /// <summary>The single task of the last accepted submit, as Runware received it.</summary>
    public System.Text.Json.Nodes.JsonObject LastSubmittedTask()
    {
        var tasks = System.Text.Json.Nodes.JsonNode.Parse(Simulator.LastSubmittedBody!)!.AsArray();
        return Assert.Single(tasks)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        _httpClient.Dispose();
        await Simulator.DisposeAsync();
    }
}
