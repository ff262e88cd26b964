using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Routing;
using ImagePipeline.Tests.Providers;
using ImagePipeline.Tests.Providers.Segmind;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ImagePipeline.Tests.Routing;

/// <summary>A Segmind simulator behind the real client, reached through the provider registry as the workflow reaches
/// it, with the circuits on a fake clock (the client's own retries keep real, fast time).</summary>
internal sealed class CircuitTestHost : IAsyncDisposable
{
    readonly SegmindTestHost _segmind;
    readonly ServiceProvider _services;

    CircuitTestHost(SegmindTestHost segmind, ProviderCircuitOptions options)
    {
        _segmind = segmind;
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddProviderResilience()
            .AddProviderCircuits()
            .Configure<ProviderCircuitOptions>(o =>
            {
                o.FailureRatio = options.FailureRatio;
                o.MinimumThroughput = options.MinimumThroughput;
                o.SamplingDuration = options.SamplingDuration;
                o.BreakDuration = options.BreakDuration;
            })
            .BuildServiceProvider();
        Circuits = _services.GetRequiredService<ProviderCircuits>();
        var resilience = ProviderTestKit.FastResilience();
        resilience.MaxSubmitRateLimitRetries = 1;
        resilience.MaxDelay = TimeSpan.FromMilliseconds(20);
        Provider = new ImageProviderRegistry([new CircuitBreakingImageProvider(segmind.CreateClient(resilience: resilience), Circuits)]).Get(ProviderNames.Segmind);
        // A 429 announces a short wait, so the client's one retry of a refused submit is quick.
        Simulator.Behavior.RateLimitWait = TimeSpan.FromMilliseconds(10);
    }

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    public FakeTimeProvider Time { get; } = new();
    public ProviderCircuits Circuits { get; }
    public IImageProvider Provider { get; }
    public Testing.Simulators.Segmind.SegmindSimulator Simulator => _segmind.Simulator;

    public static async Task<CircuitTestHost> StartAsync(int minimumThroughput, double failureRatio = 0.5) =>
        new(await SegmindTestHost.StartAsync(), new ProviderCircuitOptions
        {
            FailureRatio = failureRatio,
            MinimumThroughput = minimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = BreakDuration,
        });

    public ProviderCircuitState State => Circuits.StateOf(ProviderNames.Segmind);

    public ProviderCircuitReport Report => Circuits.Report(ProviderNames.Segmind);

    /// <summary>Requests the simulator has answered (submits, retries, status reads).</summary>
    public int RequestsSeen => Simulator.AnsweredRequests.Count;

    public Task<ProviderSubmission> SubmitAsync() =>
        Provider.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a lighthouse at dawn", AspectRatio = "16:9" }));

    /// <summary>A submit the simulator refuses with 429, every time (the client's retry included).</summary>
    public async Task RateLimitedSubmitAsync()
    {
        Simulator.Behavior.RateLimitNextRequests = 100;
        try
        {
            await Assert.ThrowsAsync<ProviderRateLimitedException>(SubmitAsync);
        }
        finally
        {
            Simulator.Behavior.RateLimitNextRequests = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _segmind.DisposeAsync();
    }
}
