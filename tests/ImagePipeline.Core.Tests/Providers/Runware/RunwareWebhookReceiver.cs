using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Tests.Providers.Runware;

/// <summary>Stands in for the pipeline's callback route: records every webhook body Runware POSTs and answers 200.</summary>
internal sealed class RunwareWebhookReceiver : IAsyncDisposable
{
    readonly ConcurrentQueue<byte[]> _bodies = new();
    WebApplication? _app;

    public Uri CallbackUrl { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<byte[]> Bodies => [.. _bodies];

    public static async Task<RunwareWebhookReceiver> StartAsync()
    {
        var receiver = new RunwareWebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/api/callbacks/runware/{generationId}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            receiver._bodies.Enqueue(buffer.ToArray());
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.CallbackUrl = new Uri($"{address.TrimEnd('/')}/api/callbacks/runware/gen-1?token=unguessable");
        receiver._app = app;
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
