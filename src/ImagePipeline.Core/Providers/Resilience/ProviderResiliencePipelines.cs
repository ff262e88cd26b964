using System.Net.Http;
using System.Net.Sockets;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Providers.Resilience;

/// <summary>The strategies of the provider pipelines; registered once at start-up by <see cref="ProviderResilienceServiceCollectionExtensions"/>.</summary>
public static class ProviderResiliencePipelines
{
    /// <summary>The registered pipelines outside a host (provider clients built by hand, e.g. in tests): the same
    /// registration as the hosts use, over a private container.</summary>
    public static ResiliencePipelineProvider<string> CreateRegistry(ProviderResilienceOptions options, TimeProvider? timeProvider = null)
    {
        var services = new ServiceCollection().AddSingleton(Options.Create(options));
        if (timeProvider is not null) services.AddSingleton(timeProvider);
        return services.AddProviderResilience().BuildServiceProvider().GetRequiredService<ResiliencePipelineProvider<string>>();
    }

    internal static void AddSubmitStrategies(ResiliencePipelineBuilder builder, ProviderResilienceOptions options, TimeProvider? timeProvider)
    {
        if (timeProvider is not null) builder.TimeProvider = timeProvider;
        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxSubmitRateLimitRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            // Only a refusal is safe to re-send: 429, or a connection that was never established.
            ShouldHandle = new PredicateBuilder().Handle<ProviderRateLimitedException>().Handle<ProviderNotReachedException>(),
            DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Exception, options)),
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    internal static void AddSafeCallStrategies(ResiliencePipelineBuilder builder, ProviderResilienceOptions options, TimeProvider? timeProvider)
    {
        if (timeProvider is not null) builder.TimeProvider = timeProvider;
        builder
            .AddTimeout(options.TotalTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = new PredicateBuilder()
                    .Handle<ProviderException>(e => e.IsTransient)
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<IOException>(e => e.InnerException is SocketException),
                DelayGenerator = args => ValueTask.FromResult(RetryAfterOf(args.Outcome.Exception, options)),
            })
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>Honours the provider's own wait (Retry-After / reset header), capped; otherwise the default backoff.</summary>
    static TimeSpan? RetryAfterOf(Exception? exception, ProviderResilienceOptions options) =>
        exception is ProviderRateLimitedException { RetryAfter: { } wait }
            ? (wait > options.MaxDelay ? options.MaxDelay : wait < TimeSpan.Zero ? TimeSpan.Zero : wait)
            : null;
}
