namespace ImagePipeline.Providers.Http;

/// <summary>
/// Sends requests marked <see cref="Marker"/> (submits) on a connection of their own instead of a pooled keep-alive one.
/// A provider may close an idle connection just as a request is written onto it; the request then fails "response ended
/// prematurely", which cannot be told apart from a lost answer, so a submit would end submit_outcome_unknown although
/// nothing reached the provider. Reads keep the pool: they are retried anyway.
/// </summary>
public sealed class FreshConnectionHandler : DelegatingHandler
{
    /// <summary>Set to true on a request that must not reuse a pooled connection.</summary>
    public static readonly HttpRequestOptionsKey<bool> Marker = new("ImagePipeline.FreshConnection");

    // A zero lifetime closes each connection after its one request, so none is ever taken from the pool.
    readonly HttpMessageInvoker _unpooled = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }, disposeHandler: true);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Marker, out var fresh) && fresh
            ? _unpooled.SendAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _unpooled.Dispose();
        base.Dispose(disposing);
    }
}
