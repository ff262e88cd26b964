using System.Net.Http;
using System.Net.Sockets;
using ImagePipeline.Providers;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace ImagePipeline.Resilience;

/// <summary>Builds the provider pipelines. Registered once at start-up (see <see cref="ProviderResilienceServiceCollectionExtensions"/>).</summary>
public static class ProviderResiliencePipelines
{
    public static ResiliencePipelineRegistry<string> CreateRegistry(ProviderResilienceOptions options, TimeProvider? timeProvider = null)
    {
        var registry = new ResiliencePipelineRegistry<string>();
        registry.TryAddBuilder(ProviderPipelineKeys.Query, (builder, _) => AddSafeCallStrategies(builder, options, timeProvider));
        registry.TryAddBuilder(ProviderPipelineKeys.Download, (builder, _) => AddSafeCallStrategies(builder, options, timeProvider));
        registry.TryAddBuilder(ProviderPipelineKeys.Submit, (builder, _) =>
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
        });
        return registry;
    }

    static void AddSafeCallStrategies(ResiliencePipelineBuilder builder, ProviderResilienceOptions options, TimeProvider? timeProvider)
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
