using ImagePipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.DependencyInjection;
using Polly.Registry;
using Polly.Telemetry;

namespace ImagePipeline.Providers.Resilience;

public static class ProviderResilienceServiceCollectionExtensions
{
    /// <summary>Binds <c>Resilience</c> (refused at start when Polly would refuse it at the first call) and registers the
    /// provider pipelines once with Polly's registry, resolved as <see cref="ResiliencePipelineProvider{TKey}"/>.
    /// Without <paramref name="configuration"/> the options are whatever the caller registered (defaults otherwise).</summary>
    public static IServiceCollection AddProviderResilience(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<ProviderResilienceOptions>();
        if (configuration is not null) options.BindSection(configuration, ProviderResilienceOptions.SectionName);
        options.ValidateDataAnnotations().ValidateOnStart();

        services.AddResiliencePipeline(ProviderPipelineKeys.Query, (builder, context) =>
            ProviderResiliencePipelines.AddSafeCallStrategies(builder, Options(context), Time(context)));
        services.AddResiliencePipeline(ProviderPipelineKeys.Download, (builder, context) =>
            ProviderResiliencePipelines.AddSafeCallStrategies(builder, Options(context), Time(context)));
        services.AddResiliencePipeline(ProviderPipelineKeys.Submit, (builder, context) =>
            ProviderResiliencePipelines.AddSubmitStrategies(builder, Options(context), Time(context)));
        // Polly's metrics stay on; its per-attempt log lines stay off: the provider clients log the outcomes that
        // matter, once, in the house format (the log stays what it was before the registry came from Polly.Extensions).
        services.Configure<TelemetryOptions>(telemetry => telemetry.LoggerFactory = NullLoggerFactory.Instance);
        return services;
    }

    static ProviderResilienceOptions Options(AddResiliencePipelineContext<string> context) =>
        context.ServiceProvider.GetRequiredService<IOptions<ProviderResilienceOptions>>().Value;

    static TimeProvider? Time(AddResiliencePipelineContext<string> context) => context.ServiceProvider.GetService<TimeProvider>();
}
