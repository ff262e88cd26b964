using System.Text.Json.Nodes;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Providers.Runware;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Testing.Simulators.Runware;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Providers.Runware;

/// <summary>A Runware simulator and a client pointed at it, with fast resilience settings.</summary>
internal sealed class RunwareTestHarness() : ProviderTestHost<RunwareSimulator, RunwareClient>(maxPolls: 400, TimeSpan.FromMilliseconds(25))
{
    public const string Model = "luma:uni@1";

    public static async Task<RunwareTestHarness> StartAsync(Action<ProviderResilienceOptions>? configureResilience = null,
        Action<RunwareClientOptions>? configureClient = null)
    {
        var harness = new RunwareTestHarness();
        await harness.StartWithClientAsync(() =>
        {
            var resilience = ProviderTestKit.FastResilience();
            configureResilience?.Invoke(resilience);
            var options = new RunwareClientOptions { ApiKey = harness.Simulator.ApiKey, BaseUrl = harness.Simulator.ApiUrl };
            configureClient?.Invoke(options);
            return new RunwareClient(harness.HttpClient, options, ProviderResiliencePipelines.CreateRegistry(resilience), NullLogger<RunwareClient>.Instance,
                externalHttpClient: harness.ExternalHttpClient);
        });
        return harness;
    }

    public static ProviderJobRequest Request(GenerationRequest request, Uri? callbackUrl = null, string model = Model) =>
        new($"gen-{Guid.NewGuid():N}", request, model, callbackUrl);

    public static string PngDataUri(int seed) => "data:image/png;base64," + Convert.ToBase64String(PngImageEncoder.CreateGradient(16, 12, seed));

    public static string TaskUuidOf(ProviderJobRequest request) => RunwareTaskIds.FromGenerationId(request.GenerationId).ToString("D");

    /// <summary>The single task of the last accepted submit, as Runware received it.</summary>
    public JsonObject LastSubmittedTask()
    {
        var tasks = JsonNode.Parse(Simulator.LastSubmittedBody!)!.AsArray();
        return Assert.Single(tasks)!.AsObject();
    }
}
