using ImagePipeline.Api;
using ImagePipeline.Workflow;

namespace ImagePipeline.Standalone;

/// <summary>The HTTP API of design.md, mapped straight onto <see cref="GenerationApi"/> (the Functions host maps the same calls).</summary>
public static class GenerationEndpoints
{
    public static IEndpointRouteBuilder MapGenerationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/generations", (HttpRequest request, GenerationApi generations, IWorkflowClient client, CancellationToken ct) =>
            generations.StartAsync(client, request, ct));
        api.MapGet("/generations", (HttpRequest request, GenerationApi generations, IWorkflowClient client, CancellationToken ct) =>
            generations.ListAsync(client, request.Query, ct));
        api.MapGet("/generations/{id}", (string id, HttpRequest request, GenerationApi generations, IWorkflowClient client, CancellationToken ct) =>
            generations.GetAsync(client, id, request.Headers[WaitPreference.PreferHeader], ct));
        api.MapGet("/generations/{id}/outputs/{index}", (string id, string index, GenerationApi generations, IWorkflowClient client, CancellationToken ct) =>
            generations.DownloadOutputAsync(client, id, index, ct));
        api.MapPost("/generations/{id}/cancel", (string id, GenerationApi generations, IWorkflowClient client, CancellationToken ct) =>
            generations.CancelAsync(client, id, ct));
        api.MapPost("/generations/{id}/retry", (string id, HttpRequest request, GenerationApi generations, IWorkflowClient client, CancellationToken ct) =>
            generations.RetryAsync(client, id, request.Headers[GenerationApi.IdempotencyKeyHeader].FirstOrDefault(), ct));
        api.MapPost("/callbacks/{provider}/{id}", (string provider, string id, HttpRequest request, GenerationApi generations, IWorkflowClient client, CancellationToken ct) =>
            generations.AcceptProviderCallbackAsync(client, provider, id, request.Query["token"].FirstOrDefault(), request.Body, ct));
        api.MapGet("/health", (GenerationApi generations) => generations.Health());
        api.MapGet("/health/live", () => HealthApi.Live());
        api.MapGet("/health/ready", (HealthApi health, CancellationToken ct) => health.ReadyAsync(ct));
        return app;
    }
}
