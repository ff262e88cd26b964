using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Tests.Providers.Luma;

/// <summary>Our side of the callback: a loopback endpoint that records every body Luma POSTs, and can be told to
/// answer 500 a few times to see Luma retry.</summary>
internal sealed class LumaCallbackReceiver : IAsyncDisposable
{
    readonly ConcurrentQueue<byte[]> _bodies = new();
    WebApplication? _app;
    int _failNext;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<byte[]> Bodies => [.. _bodies];

    /// <summary>The next N deliveries are answered 500 and not recorded.</summary>
    public int FailNextDeliveries
    {
        set => Volatile.Write(ref _failNext, value);
    }

    public static async Task<LumaCallbackReceiver> StartAsync()
    {
        var receiver = new LumaCallbackReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/callbacks/luma", (RequestDelegate)receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/callbacks/luma?token=callback-token-123");
        receiver._app = app;
        return receiver;
    }

    async Task ReceiveAsync(HttpContext context)
    {
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        _bodies.Enqueue(buffer.ToArray());
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
