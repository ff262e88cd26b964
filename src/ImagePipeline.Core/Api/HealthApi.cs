using ImagePipeline.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImagePipeline.Api;

/// <summary>The liveness and readiness probes both hosts map (<c>GET /api/health/live</c>, <c>/api/health/ready</c>), over
/// the health checks registered with <c>AddHealthChecks</c>; <c>GET /api/health</c> stays as it was.</summary>
public sealed class HealthApi(HealthCheckService checks)
{
    /// <summary>200 whenever the process can answer: restart it only when this fails.</summary>
    public static ApiResult Live() => new(StatusCodes.Status200OK, new { status = "alive" });

    /// <summary>200 when every check tagged <see cref="HealthTags.Ready"/> passes (storage reachable, runtime started,
    /// providers configured), else 503 naming each check's status and why; send traffic only while it is 200.</summary>
    public async Task<ApiResult> ReadyAsync(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(check => check.Tags.Contains(HealthTags.Ready), cancellationToken);
        var ready = report.Status != HealthStatus.Unhealthy;
        return new ApiResult(ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, new
        {
            status = ready ? "ready" : "unready",
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString().ToLowerInvariant(), detail = entry.Value.Description }),
        });
    }
}
