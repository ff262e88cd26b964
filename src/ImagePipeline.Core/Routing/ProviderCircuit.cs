using ImagePipeline.Diagnostics;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;

namespace ImagePipeline.Routing;

/// <summary>One provider's circuit: Polly's circuit breaker (in Polly's registry under
/// <see cref="ProviderPipelineKeys.Circuit"/>), its state, and the recent outcomes it judged.</summary>
internal sealed class ProviderCircuit
{
    readonly string _provider;
    readonly TimeProvider _timeProvider;
    readonly ILogger _logger;
    readonly CircuitBreakerStateProvider _state = new();
    readonly RecentOutcomes _outcomes;
    readonly ResiliencePipeline _pipeline;
    long _halfOpensAtTicks;

    public ProviderCircuit(string provider, ResiliencePipelineRegistry<string> registry, ProviderCircuitOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _provider = provider;
        _timeProvider = timeProvider;
        _logger = logger;
        _outcomes = new RecentOutcomes(options.SamplingDuration, timeProvider);
        _pipeline = registry.GetOrAddPipeline(ProviderPipelineKeys.Circuit(provider), (builder, _) =>
        {
            builder.TimeProvider = timeProvider;
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error && ProviderCircuitFailures.Counts(error)),
                StateProvider = _state,
                OnOpened = args =>
                {
                    Interlocked.Exchange(ref _halfOpensAtTicks, (_timeProvider.GetUtcNow() + args.BreakDuration).UtcTicks);
                    Changed(ProviderCircuitState.Open, LogLevel.Warning);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    Changed(ProviderCircuitState.HalfOpen, LogLevel.Information);
                    return default;
                },
                OnClosed = _ =>
                {
                    Changed(ProviderCircuitState.Closed, LogLevel.Information);
                    _outcomes.Clear();
                    return default;
                },
            });
        });
    }

    /// <summary>Polly moves an open circuit to half-open only when a call arrives after the break; routing sends none
    /// to an open circuit, so a circuit whose break is over is reported half-open here, or it would never be probed.</summary>
    public ProviderCircuitState State => _state.CircuitState switch
    {
        CircuitState.Closed => ProviderCircuitState.Closed,
        CircuitState.HalfOpen => ProviderCircuitState.HalfOpen,
        CircuitState.Open when UntilHalfOpen() <= TimeSpan.Zero => ProviderCircuitState.HalfOpen,
        _ => ProviderCircuitState.Open,
    };

    public ProviderCircuitReport Report()
    {
        var (calls, failures) = _outcomes.Read();
        return new ProviderCircuitReport(ProviderCircuitReport.StateName(State), ErrorRate(calls, failures), calls, failures);
    }

    /// <summary>Runs the call through the breaker; while the circuit is open the call is not made and
    /// <see cref="ProviderCircuitOpenException"/> is thrown instead (never Polly's own exception).</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                try
                {
                    var result = await call(token);
                    _outcomes.Record(failed: false);
                    return result;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    throw; // the caller gave up: says nothing about the provider
                }
                catch (Exception ex)
                {
                    _outcomes.Record(ProviderCircuitFailures.Counts(ex));
                    throw;
                }
            }, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            var retryAfter = ex.RetryAfter ?? (UntilHalfOpen() is { Ticks: > 0 } wait ? wait : null);
            throw new ProviderCircuitOpenException(_provider,
                $"The circuit of {_provider} is open after too many recent failures: the call was not made.", retryAfter);
        }
    }

    TimeSpan UntilHalfOpen() =>
        new DateTimeOffset(Interlocked.Read(ref _halfOpensAtTicks), TimeSpan.Zero) - _timeProvider.GetUtcNow();

    void Changed(ProviderCircuitState state, LogLevel level)
    {
        var (calls, failures) = _outcomes.Read();
        var name = ProviderCircuitReport.StateName(state);
        _logger.Log(level, "Circuit of {Provider} is now {CircuitState} (error rate {ErrorRate} over {Calls} recent calls)",
            _provider, name, ErrorRate(calls, failures), calls);
        PipelineMetrics.CircuitTransitions.Add(1, PipelineMetrics.Tag(PipelineTelemetry.ProviderTag, _provider),
            PipelineMetrics.Tag(PipelineTelemetry.CircuitStateTag, name));
    }

    static double ErrorRate(int calls, int failures) => calls == 0 ? 0 : Math.Round((double)failures / calls, 3);
}
