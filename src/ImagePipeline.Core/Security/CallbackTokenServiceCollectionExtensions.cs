using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Security;

public static class CallbackTokenServiceCollectionExtensions
{
    /// <summary>Registers <see cref="CallbackTokenService"/> with <c>Pipeline:CallbackSecret</c> (see <see cref="CallbackTokenOptions"/>
    /// for the development fallback). A missing secret outside Development fails at start-up.</summary>
    public static IServiceCollection AddCallbackTokens(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CallbackTokenOptions>()
            .BindSection(configuration, CallbackTokenOptions.SectionName)
            .PostConfigure<IServiceProvider>((options, provider) =>
            {
                if (string.IsNullOrEmpty(options.Secret) && DevelopmentSecrets.Allowed(provider, options.AllowDevelopmentSecret))
                {
                    options.Secret = CallbackTokenOptions.DevelopmentSecret;
                }
            })
            .Validate(options => !string.IsNullOrEmpty(options.Secret),
                "Pipeline:CallbackSecret (environment variable Pipeline__CallbackSecret) is required outside the Development environment.")
            .ValidateOnStart();
        services.TryAddSingleton(provider => new CallbackTokenService(
            provider.GetRequiredService<IOptions<CallbackTokenOptions>>(),
            provider.GetService<ILogger<CallbackTokenService>>()));
        return services;
    }
}
