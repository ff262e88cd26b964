using ImagePipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImagePipeline.Functions;

/// <summary>Liveness and readiness probes, anonymous like <c>Health</c>, mapped onto the core's <see cref="HealthApi"/> as
/// the standalone host maps them. The Durable runtime is the Functions host's own: when a function runs, it has started.</summary>
public sealed class HealthFunctions(HealthApi health)
{
    [Function("HealthLive")]
    public static IActionResult Live(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/live")] HttpRequest request) =>
        HealthApi.Live();

    [Function("HealthReady")]
    public async Task<IActionResult> ReadyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health/ready")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await health.ReadyAsync(cancellationToken);
}
