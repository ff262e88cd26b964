using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace ImagePipeline.Resilience;

public static class ProviderResilienceServiceCollectionExtensions
{
    /// <summary>Registers the provider resilience pipelines once, as a <see cref="ResiliencePipelineProvider{TKey}"/>.</summary>
    public static IServiceCollection AddProviderResilience(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<ProviderResilienceOptions>();
        if (configuration is not null) options.Bind(configuration.GetSection("Resilience"));
        services.TryAddSingleton<ResiliencePipelineProvider<string>>(sp => ProviderResiliencePipelines.CreateRegistry(
            sp.GetRequiredService<IOptions<ProviderResilienceOptions>>().Value,
            sp.GetService<TimeProvider>()));
        return services;
    }
}
