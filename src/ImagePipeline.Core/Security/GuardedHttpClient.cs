using System.Net;

namespace ImagePipeline.Security;

/// <summary>
/// The one way the server fetches or posts to a URL it did not configure: caller image URLs, caller callback URLs and
/// output links a provider returns. Provider API base URLs the operator configures keep their own, trusted client.
/// </summary>
public static class GuardedHttpClient
{
    /// <summary>The named <see cref="HttpClient"/> registered by <see cref="GuardedHttpClientServiceCollectionExtensions.AddGuardedHttpClient"/>.</summary>
    public const string Name = "ImagePipeline.External";

    /// <summary>The guard's handler chain. <paramref name="isAllowedEndPoint"/> lets a test admit one exact loopback
    /// endpoint while everything else stays refused.</summary>
    public static HttpMessageHandler CreateHandler(SecurityOptions options, Func<IPEndPoint, bool>? isAllowedEndPoint = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connector = new GuardedConnector(options.AllowPrivateNetworkFetches, isAllowedEndPoint);
        return new OutboundRequestGuardHandler(options) { InnerHandler = CreatePrimaryHandler(connector) };
    }

    /// <summary>A guarded client outside dependency injection (provider clients built by hand, tests).</summary>
    public static HttpClient Create(SecurityOptions options) => new(CreateHandler(options)) { Timeout = Timeout.InfiniteTimeSpan };

    internal static SocketsHttpHandler CreatePrimaryHandler(GuardedConnector connector) => new()
    {
        ConnectCallback = connector.ConnectAsync,
        UseProxy = false,          // a proxy would connect on our behalf, past the address check
        AllowAutoRedirect = false, // redirects are followed (and re-checked) by OutboundRequestGuardHandler
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };
}
