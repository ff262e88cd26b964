using System.Net;

namespace ImagePipeline.Security;

/// <summary>What can be told about an outbound URL before any connection: its scheme and, when the host is an IP
/// literal (in any spelling: <c>127.1</c>, <c>0x7f000001</c>, <c>2130706433</c>, <c>[::ffff:127.0.0.1]</c>) or
/// <c>localhost</c>, its address. Names are checked again on the resolved address at connect time.</summary>
public static class OutboundUrlPolicy
{
    /// <summary>Null when <paramref name="url"/> may be fetched; otherwise why not (for a 400 or the operator's log).</summary>
    public static string? Check(Uri url, bool allowPrivateNetwork)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (CheckScheme(url, allowPrivateNetwork) is { } scheme) return scheme;
        if (allowPrivateNetwork) return null;
        if (IsLocalName(url.IdnHost)) return "a local host name";
        if (LiteralAddress(url) is { } address && NetworkAddressPolicy.IsForbidden(address)) return "a private or reserved address";
        return null;
    }

    /// <summary>https only; plain http too when private-network fetches are allowed, and then only to a local name or a
    /// private address literal (loopback simulators): plain http across the internet stays refused either way.</summary>
    public static string? CheckScheme(Uri url, bool allowPrivateNetwork)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri) return "not an absolute URL";
        if (url.Scheme == Uri.UriSchemeHttps) return null;
        if (url.Scheme == Uri.UriSchemeHttp && allowPrivateNetwork && IsPrivateHost(url)) return null;
        return "not an https URL";
    }

    static bool IsPrivateHost(Uri url) =>
        IsLocalName(url.IdnHost) || (LiteralAddress(url) is { } address && NetworkAddressPolicy.IsForbidden(address));

    /// <inheritdoc cref="Check(Uri, bool)"/>
    public static string? Check(string url, bool allowPrivateNetwork) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Check(uri, allowPrivateNetwork) : "not an absolute URL";

    static bool IsLocalName(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The address a host spells out, whether <see cref="Uri"/> normalised it or left it as a name
    /// (<see cref="IPAddress.TryParse(string?, out IPAddress?)"/> reads the legacy short, hex and decimal forms).</summary>
    static IPAddress? LiteralAddress(Uri url)
    {
        var host = url.IdnHost.Trim('[', ']').TrimEnd('.');
        return IPAddress.TryParse(host, out var address) ? address : null;
    }
}
