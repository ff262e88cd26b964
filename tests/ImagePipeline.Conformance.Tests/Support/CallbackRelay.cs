using System.Collections.Concurrent;
using ImagePipeline.Api;
using ImagePipeline.Testing;
using ImagePipeline.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>
/// The hosts' provider callback route (<c>POST /api/callbacks/{provider}/{id}?token=…</c>) on loopback, mapped onto the
/// core's <see cref="GenerationApi"/> as both hosts map it. With <see cref="Hold"/> set it keeps deliveries back instead,
/// so a scenario can deliver them duplicated or out of order.
/// </summary>
public sealed class CallbackRelay : IAsyncDisposable
{
    readonly ConcurrentQueue<HeldCallback> _held = new();
    WebApplication? _app;
    GenerationApi? _api;
    Func<IWorkflowClient>? _client;

    /// <summary>The host's public base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public bool Hold { get; set; }

    public IReadOnlyList<HeldCallback> Held => [.. _held];

    public async Task StartAsync()
    {
        (_app, BaseUrl) = await LoopbackWebApplication.StartAsync(app => app.MapPost("/api/callbacks/{provider}/{id}", ReceiveAsync));
    }

    /// <summary>Connects the route to the pipeline once it is built (the pipeline needs <see cref="BaseUrl"/> first).</summary>
    public void Attach(GenerationApi api, Func<IWorkflowClient> client)
    {
        _api = api;
        _client = client;
    }

    async Task<IResult> ReceiveAsync(HttpContext context, string provider, string id)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var callback = new HeldCallback(provider, id, context.Request.Query["token"].FirstOrDefault(), buffer.ToArray());
        if (Hold)
        {
            _held.Enqueue(callback);
            return Results.Ok();
        }
        return await DeliverAsync(callback);
    }

    /// <summary>Delivers a callback to the pipeline as the route would have.</summary>
    public async Task<ApiResult> DeliverAsync(HeldCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_api is null || _client is null) throw new InvalidOperationException("The relay is not attached to a pipeline yet.");
        using var body = new MemoryStream(callback.Body, writable: false);
        return await _api.AcceptProviderCallbackAsync(_client(), callback.Provider, callback.GenerationId, callback.Token, body, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
