using ImagePipeline.Configuration;
using ImagePipeline.Generation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImagePipeline.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>Binds <c>Routing</c> (refused at start when it names an unknown provider) and registers the router the
    /// starter asks; health, prices and budgets join it where they are registered.</summary>
    public static IServiceCollection AddProviderRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RoutingOptions>()
            .BindSection(configuration, RoutingOptions.SectionName)
            .Validate(o => o.Preference.All(ProviderNames.IsKnown),
                $"{RoutingOptions.SectionName}:Preference names providers: use {string.Join(", ", ProviderNames.All)}.")
            .ValidateOnStart();
        services.TryAddSingleton<ProviderRouter>();
        return services;
    }
}
