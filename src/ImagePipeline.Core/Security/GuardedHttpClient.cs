namespace ImagePipeline.Security;

/// <summary>
/// The one way the server fetches or posts to a URL it did not configure: caller image URLs, caller callback URLs and
/// output links a provider returns. Provider API base URLs the operator configures keep their own, trusted client.
/// </summary>
public static class GuardedHttpClient
{
    /// <summary>The named <see cref="HttpClient"/> registered by <see cref="GuardedHttpClientServiceCollectionExtensions.AddGuardedHttpClient"/>.</summary>
    public const string Name = "ImagePipeline.External";

    /// <summary>The guard's handler chain: request checks, then the socket handler whose connect callback checks addresses.</summary>
    public static HttpMessageHandler CreateHandler(SecurityOptions options) => CreateHandler(options, primary => primary);

    /// <summary>As <see cref="CreateHandler(SecurityOptions)"/>, with <paramref name="interpose"/> between the two
    /// (tests put a stand-in for a public host there).</summary>
    internal static HttpMessageHandler CreateHandler(SecurityOptions options, Func<SocketsHttpHandler, HttpMessageHandler> interpose)
    {
        ArgumentNullException.ThrowIfNull(options);
        var primary = CreatePrimaryHandler(new GuardedConnector(options.AllowPrivateNetworkFetches));
        return new OutboundRequestGuardHandler(options) { InnerHandler = interpose(primary) };
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
