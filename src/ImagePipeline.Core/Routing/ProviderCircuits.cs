using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace ImagePipeline.Routing;

/// <summary>Every provider's circuit, fed by its submit and status calls (<see cref="CircuitBreakingImageProvider"/>);
/// what routing asks (<see cref="IProviderHealth"/>) and <c>GET /api/health</c> shows.</summary>
public sealed class ProviderCircuits(ResiliencePipelineRegistry<string> registry, IOptions<ProviderCircuitOptions> options,
    TimeProvider timeProvider, ILogger<ProviderCircuits> logger) : IProviderHealth
{
    // Lazy: the state provider must be attached to the one breaker Polly's registry builds for the key.
    readonly ConcurrentDictionary<string, Lazy<ProviderCircuit>> _circuits = new(StringComparer.OrdinalIgnoreCase);

    public ProviderCircuitState StateOf(string provider) => CircuitOf(provider).State;

    public ProviderCircuitReport Report(string provider) => CircuitOf(provider).Report();

    /// <summary>Makes <paramref name="call"/> to <paramref name="provider"/> unless its circuit is open
    /// (<see cref="Providers.ProviderCircuitOpenException"/>), counting its outcome.</summary>
    public Task<T> ExecuteAsync<T>(string provider, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default) =>
        CircuitOf(provider).ExecuteAsync(call, cancellationToken);

    ProviderCircuit CircuitOf(string provider)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        return _circuits.GetOrAdd(provider.ToLowerInvariant(),
            name => new Lazy<ProviderCircuit>(() => new ProviderCircuit(name, registry, options.Value, timeProvider, logger))).Value;
    }
}
