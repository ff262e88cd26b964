using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Segmind;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Testing.Simulators.Segmind;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Providers.Segmind;

/// <summary>A Segmind simulator and a client pointed at it, with fast retries so failure tests stay quick.</summary>
internal sealed class SegmindTestHost() : ProviderTestHost<SegmindSimulator, SegmindClient>(maxPolls: 500, TimeSpan.FromMilliseconds(20))
{
    const string Model = "luma-uni-1-max";

    public static async Task<SegmindTestHost> StartAsync()
    {
        var host = new SegmindTestHost();
        await host.StartWithClientAsync(() => host.CreateClient());
        return host;
    }

    public SegmindClient CreateClient(string? apiKey = null, ProviderResilienceOptions? resilience = null) =>
        new(HttpClient,
            new SegmindClientOptions { ApiKey = apiKey ?? Simulator.ApiKey, BaseUrl = Simulator.BaseUrl },
            ProviderResiliencePipelines.CreateRegistry(resilience ?? ProviderTestKit.FastResilience()),
            NullLogger<SegmindClient>.Instance, externalHttpClient: ExternalHttpClient);

    public static ProviderJobRequest JobRequest(GenerationRequest request, string model = Model) =>
        new($"gen-{Guid.NewGuid():N}", request, model);

    public static ProviderJobHandle Handle(ProviderSubmission submission, string model = Model) => new(submission.JobId, model);
}
