using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.GmiCloud;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Testing.Simulators.GmiCloud;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Providers.GmiCloud;

/// <summary>A GMI Cloud simulator and a client pointed at it, with fast retries so failure tests stay quick.</summary>
internal sealed class GmiCloudTestHost() : ProviderTestHost<GmiCloudSimulator, GmiCloudClient>(maxPolls: 500, TimeSpan.FromMilliseconds(20))
{
    const string Model = "luma-uni-1.1";

    public static async Task<GmiCloudTestHost> StartAsync()
    {
        var host = new GmiCloudTestHost();
        await host.StartWithClientAsync(() => host.CreateClient());
        return host;
    }

    public GmiCloudClient CreateClient(string? apiKey = null, ProviderResilienceOptions? resilience = null) =>
        new(HttpClient,
            new GmiCloudClientOptions { ApiKey = apiKey ?? Simulator.ApiKey, BaseUrl = Simulator.ApiBaseUrl },
            ProviderResiliencePipelines.CreateRegistry(resilience ?? ProviderTestKit.FastResilience()),
            NullLogger<GmiCloudClient>.Instance, externalHttpClient: ExternalHttpClient);

    public static ProviderJobRequest JobRequest(GenerationRequest request, string model = Model) =>
        new($"gen-{Guid.NewGuid():N}", request, model);

    public static ProviderJobHandle Handle(ProviderSubmission submission, string model = Model) => new(submission.JobId, model);
}
