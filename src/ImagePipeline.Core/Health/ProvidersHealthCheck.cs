using ImagePipeline.Providers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImagePipeline.Health;

/// <summary>Ready only with at least one provider to send work to (a key configured, or the mock on).</summary>
public sealed class ProvidersHealthCheck(IImageProviderRegistry providers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var names = providers.Names.Order().ToArray();
        return Task.FromResult(names.Length > 0
            ? HealthCheckResult.Healthy(string.Join(", ", names))
            : HealthCheckResult.Unhealthy("No provider is configured: set a provider's ApiKey (Providers__<Name>__ApiKey) or Providers__Mock__Enabled=true."));
    }
}
