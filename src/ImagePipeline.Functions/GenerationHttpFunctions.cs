using ImagePipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Functions;

/// <summary>
/// The HTTP API of design.md (routes under <c>/api</c>), mapped straight onto the core's <see cref="GenerationApi"/>
/// exactly as the standalone host maps it. The caller-facing routes need a function key (<c>x-functions-key</c>);
/// provider callbacks carry their own HMAC token and health is public, so those two are anonymous.
/// </summary>
public sealed class GenerationHttpFunctions(GenerationApi api, ILogger<DurableWorkflowClient> clientLogger)
{
    [Function("StartGeneration")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "generations")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await api.StartAsync(Adapt(client), request, cancellationToken);
    }

    [Function("ListGenerations")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "generations")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await api.ListAsync(Adapt(client), request.Query, cancellationToken);
    }

    [Function("GetGeneration")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "generations/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await api.GetAsync(Adapt(client), id, request.Headers[WaitPreference.PreferHeader], cancellationToken);
    }

    /// <summary>Streams the archived bytes through the function (no SAS is handed out), ranges and ETag included.</summary>
    [Function("DownloadGenerationOutput")]
    public async Task<IActionResult> DownloadOutputAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "generations/{id}/outputs/{index}")] HttpRequest request,
        string id,
        string index,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await api.DownloadOutputAsync(Adapt(client), id, index, cancellationToken);

    [Function("CancelGeneration")]
    public async Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "generations/{id}/cancel")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await api.CancelAsync(Adapt(client), id, cancellationToken);

    [Function("RetryGeneration")]
    public async Task<IActionResult> RetryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "generations/{id}/retry")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await api.RetryAsync(Adapt(client), id, request.Headers[GenerationApi.IdempotencyKeyHeader].FirstOrDefault(), cancellationToken);
    }

    [Function("AcceptProviderCallback")]
    public async Task<IActionResult> AcceptProviderCallbackAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "callbacks/{provider}/{id}")] HttpRequest request,
        string provider,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await api.AcceptProviderCallbackAsync(Adapt(client), provider, id,
            request.Query["token"].FirstOrDefault(), request.Body, cancellationToken);
    }

    [Function("Health")]
    public IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        api.Health();

    DurableWorkflowClient Adapt(DurableTaskClient client) => new(client, clientLogger);
}
