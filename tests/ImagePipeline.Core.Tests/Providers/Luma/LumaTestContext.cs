using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Luma;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Providers.Resilience;
using ImagePipeline.Testing.Simulators.Luma;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Tests.Providers.Luma;

/// <summary>A started <see cref="LumaSimulator"/> and a <see cref="LumaClient"/> pointed at both of its APIs, with fast retries.</summary>
internal sealed class LumaTestContext() : ProviderTestHost<LumaSimulator, LumaClient>(maxPolls: 400, TimeSpan.FromMilliseconds(25))
{
    /// <summary>The client's options, kept so a test can change them under a running client.</summary>
    public LumaClientOptions Options { get; private set; } = null!;

    public static ProviderResilienceOptions FastResilience() => ProviderTestKit.FastResilience(maxRetryAttempts: 3);

    public static async Task<LumaTestContext> StartAsync(ProviderResilienceOptions? resilience = null)
    {
        var context = new LumaTestContext();
        await context.StartWithClientAsync(() =>
        {
            context.Options = new LumaClientOptions
            {
                ApiKey = LumaSimulator.DefaultApiKey,
                BaseUrl = context.Simulator.AgentsBaseUrl,
                DreamMachineBaseUrl = context.Simulator.DreamMachineBaseUrl,
            };
            return new LumaClient(context.HttpClient, context.Options, ProviderResiliencePipelines.CreateRegistry(resilience ?? FastResilience()),
                NullLogger<LumaClient>.Instance, externalHttpClient: context.ExternalHttpClient);
        });
        return context;
    }

    public static ProviderJobRequest Job(string model, GenerationRequest request, Uri? callbackUrl = null) =>
        new("gen-" + Guid.NewGuid().ToString("N"), request with { Provider = ProviderNames.Luma, Model = model }, model, callbackUrl);

    /// <summary>A tiny PNG as a data URI.</summary>
    public static string PngDataUri(int seed = 1) => "data:image/png;base64," + Convert.ToBase64String(PngImageEncoder.CreateGradient(4, 4, seed));
}
