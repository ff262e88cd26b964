using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImagePipeline.Routing;

public static class ProviderCircuitServiceCollectionExtensions
{
    /// <summary>Binds <c>Routing:Circuit</c> (refused at start outside Polly's limits) and registers the circuits once:
    /// <see cref="ProviderCircuits"/>, also as <see cref="IProviderHealth"/>. Each provider's breaker lives in Polly's
    /// registry (<c>AddProviderResilience</c> registers it).</summary>
    public static IServiceCollection AddProviderCircuits(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<ProviderCircuitOptions>();
        if (configuration is not null) options.BindSection(configuration, ProviderCircuitOptions.SectionName);
        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProviderCircuits>();
        services.TryAddSingleton<IProviderHealth>(sp => sp.GetRequiredService<ProviderCircuits>());
        return services;
    }
}
