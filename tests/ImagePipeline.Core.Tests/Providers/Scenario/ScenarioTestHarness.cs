using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Providers.Scenario;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Testing.Simulators.Scenario;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Providers.Scenario;

/// <summary>A Scenario simulator and a client pointed at it, with fast resilience settings.</summary>
internal sealed class ScenarioTestHarness() : ProviderTestHost<ScenarioSimulator, ScenarioClient>(maxPolls: 400, TimeSpan.FromMilliseconds(25))
{
    public const string Model = "model_luma-uni-1-max";

    public static async Task<ScenarioTestHarness> StartAsync(Action<ProviderResilienceOptions>? configureResilience = null,
        Action<ScenarioClientOptions>? configureClient = null)
    {
        var harness = new ScenarioTestHarness();
        await harness.StartWithClientAsync(() =>
        {
            var resilience = ProviderTestKit.FastResilience();
            configureResilience?.Invoke(resilience);
            var options = new ScenarioClientOptions
            {
                ApiKey = harness.Simulator.ApiKey, ApiSecret = harness.Simulator.ApiSecret, BaseUrl = harness.Simulator.ApiUrl,
            };
            configureClient?.Invoke(options);
            return new ScenarioClient(harness.HttpClient, options, ProviderResiliencePipelines.CreateRegistry(resilience), NullLogger<ScenarioClient>.Instance,
                externalHttpClient: harness.ExternalHttpClient);
        });
        return harness;
    }

    public static ProviderJobRequest Request(GenerationRequest request, string model = Model) => new($"gen-{Guid.NewGuid():N}", request, model);

    public static string PngDataUri(int seed) => "data:image/png;base64," + Convert.ToBase64String(PngImageEncoder.CreateGradient(16, 12, seed));
}
