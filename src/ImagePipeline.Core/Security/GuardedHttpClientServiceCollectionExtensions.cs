using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Security;

public static class GuardedHttpClientServiceCollectionExtensions
{
    /// <summary>Binds <see cref="SecurityOptions"/> from <c>Security</c> and registers the named
    /// <see cref="GuardedHttpClient.Name"/> client. Timeouts are the guard's (and the callers' Polly pipelines').</summary>
    public static IServiceCollection AddGuardedHttpClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(Registered))) return services; // webhooks and the core both ask for it
        services.AddSingleton<Registered>();
        services.AddOptions<SecurityOptions>()
            .BindSection(configuration, SecurityOptions.SectionName)
            .Validate(o => o.MaxResponseBytes > 0, "Security:MaxResponseBytes must be positive.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Security:Timeout must be positive.")
            .Validate(o => o.MaxRedirects >= 0, "Security:MaxRedirects must not be negative.")
            .ValidateOnStart();
        services.AddHttpClient(GuardedHttpClient.Name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedHttpClient.CreateHandler(sp.GetRequiredService<IOptions<SecurityOptions>>().Value));
        return services;
    }

    sealed class Registered;
}
