using System.Net;

namespace ImagePipeline.Standalone.Hosting;

/// <summary>The addresses Kestrel will bind, read from the same settings it reads (<c>--urls</c> / <c>ASPNETCORE_URLS</c>
/// → <c>urls</c>, <c>ASPNETCORE_HTTP_PORTS</c> / <c>HTTPS_PORTS</c>, <c>Kestrel:Endpoints:*:Url</c>), so the host can
/// decide before it listens whether it is reachable beyond this machine and whether a port is taken.</summary>
public sealed class ListeningAddresses
{
    /// <summary>Used only when nothing above is set.</summary>
    public const string DefaultUrl = "http://localhost:7071";

    ListeningAddresses(IReadOnlyList<string> urls) => Urls = urls;

    public IReadOnlyList<string> Urls { get; }

    /// <summary>The addresses another machine could reach (anything but 127.0.0.0/8, ::1, <c>localhost</c> and Unix sockets).</summary>
    public IReadOnlyList<string> BeyondLoopback => [.. Urls.Where(url => !IsLoopback(url))];

    public static bool IsConfigured(IConfiguration configuration) => Read(configuration, withDefault: false).Urls.Count > 0;

    public static ListeningAddresses Read(IConfiguration configuration) => Read(configuration, withDefault: true);

    static ListeningAddresses Read(IConfiguration configuration, bool withDefault)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]);
        // Kestrel takes the ports only when no URL is given (then each binds every interface).
        if (urls.Count == 0)
        {
            urls.AddRange(Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}"));
            urls.AddRange(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"));
        }
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"]).OfType<string>().Where(url => url.Length > 0));
        if (urls.Count == 0 && withDefault) urls.Add(DefaultUrl);
        return new ListeningAddresses(urls);
    }

    public static bool IsLoopback(string url)
    {
        var address = BindingAddress.Parse(url);
        if (address.IsUnixPipe) return true;
        var host = address.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    static List<string> Split(string? value) =>
        [.. (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
