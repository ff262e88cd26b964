using ImagePipeline.Configuration;
using ImagePipeline.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Notifications;

public static class CallerWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICallerWebhookNotifier"/> (a singleton holding the one retry pipeline), the guarded
    /// <see cref="HttpClient"/> it posts through and <see cref="CallerWebhookOptions"/> bound from the <c>Notifications</c> section.
    /// A missing secret outside Development fails at start-up (see <see cref="CallerWebhookOptions"/>).
    /// </summary>
    public static IServiceCollection AddCallerWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CallerWebhookOptions>()
            .BindSection(configuration, CallerWebhookOptions.SectionName)
            .PostConfigure<IServiceProvider>((options, provider) =>
            {
                if (string.IsNullOrEmpty(options.Secret) && DevelopmentSecrets.Allowed(provider, options.AllowDevelopmentSecret))
                {
                    options.Secret = CallerWebhookOptions.DevelopmentSecret;
                }
            })
            .Validate(options => !string.IsNullOrEmpty(options.Secret),
                "Notifications:WebhookSecret (environment variable Notifications__WebhookSecret) is required outside the Development environment.")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Deliveries use the guarded client; it follows no redirect for a POST (a redirect is a failure, as Standard
        // Webhooks has it: the caller should fix its URL), and the per-attempt timeout is Polly's.
        services.AddGuardedHttpClient(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new CallerWebhookNotifier(
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptions<CallerWebhookOptions>>(),
            provider.GetService<ILogger<CallerWebhookNotifier>>(),
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<ICallerWebhookNotifier>(provider => provider.GetRequiredService<CallerWebhookNotifier>());
        // started/progress events: their own notifier (fewer attempts, same secret) behind a queue the steps only write to.
        services.TryAddSingleton<IWebhookEventQueue>(provider => new BackgroundWebhookEventQueue(
            new CallerWebhookNotifier(
                provider.GetRequiredService<IHttpClientFactory>(),
                Options.Create(BackgroundWebhookEventQueue.OptionsFor(provider.GetRequiredService<IOptions<CallerWebhookOptions>>().Value)),
                provider.GetService<ILogger<CallerWebhookNotifier>>(),
                provider.GetService<TimeProvider>()),
            provider.GetService<ILogger<BackgroundWebhookEventQueue>>()));
        return services;
    }
}
