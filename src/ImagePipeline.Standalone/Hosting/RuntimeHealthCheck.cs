using ImagePipeline.Workflow;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImagePipeline.Standalone.Hosting;

/// <summary>Ready once the host has started (the embedded runtime's hosted service has resumed unfinished generations
/// and Kestrel listens), until it begins stopping, and while the journal can be written.</summary>
public sealed class RuntimeHealthCheck(IHostApplicationLifetime lifetime, IWorkflowStoreHealth store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
            return Task.FromResult(HealthCheckResult.Unhealthy("the workflow runtime is still starting"));
        if (lifetime.ApplicationStopping.IsCancellationRequested)
            return Task.FromResult(HealthCheckResult.Unhealthy("the host is stopping"));
        var journal = store.Current;
        return Task.FromResult(journal.IsHealthy
            ? HealthCheckResult.Healthy("embedded workflow runtime started")
            : HealthCheckResult.Unhealthy($"journal {(journal.Writable ? "recovering" : "unwritable")}: {journal.Reason ?? "stalled generations are being resumed"}"));
    }
}
