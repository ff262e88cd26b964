using System.Net;
using System.Net.Sockets;

namespace ImagePipeline.Security;

/// <summary>Which IP addresses an outbound request may reach: only public unicast ones. IPv6 forms that embed an IPv4
/// address (mapped, compatible, NAT64, 6to4) are judged by that IPv4 address.</summary>
public static class NetworkAddressPolicy
{
    static readonly (uint Network, int Prefix)[] ForbiddenV4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8 "this network"
        (0x0A000000, 8),   // 10/8 private
        (0x64400000, 10),  // 100.64/10 carrier-grade NAT
        (0x7F000000, 8),   // 127/8 loopback
        (0xA9FE0000, 16),  // 169.254/16 link-local (cloud metadata)
        (0xAC100000, 12),  // 172.16/12 private
        (0xC0000000, 24),  // 192.0.0/24 IETF protocol assignments
        (0xC0000200, 24),  // 192.0.2/24 documentation (TEST-NET-1), never public
        (0xC0A80000, 16),  // 192.168/16 private
        (0xC6120000, 15),  // 198.18/15 benchmarking
        (0xC6336400, 24),  // 198.51.100/24 documentation (TEST-NET-2)
        (0xCB007100, 24),  // 203.0.113/24 documentation (TEST-NET-3)
        (0xE0000000, 4),   // 224/4 multicast
        (0xF0000000, 4),   // 240/4 reserved, and 255.255.255.255 broadcast
    ];

    /// <summary>True when <paramref name="address"/> is loopback, private, link-local, unique-local, multicast,
    /// unspecified or otherwise not a public unicast address.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork) return IsForbiddenV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true;

        var bytes = address.GetAddressBytes();
        if (EmbeddedV4(bytes) is { } embedded) return IsForbiddenV4(embedded);
        if (bytes.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0) return true; // :: and ::1
        return (bytes[0] & 0xFE) == 0xFC                          // fc00::/7 unique-local
            || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80)    // fe80::/10 link-local
            || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0xC0)    // fec0::/10 deprecated site-local
            || bytes[0] == 0xFF                                   // ff00::/8 multicast
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8); // 2001:db8::/32 documentation
    }

    /// <summary>The IPv4 address an IPv6 address carries, for the forms that route to it.</summary>
    static byte[]? EmbeddedV4(byte[] v6)
    {
        var span = v6.AsSpan();
        // ::ffff:0:0/96 mapped
        if (span[..10].IndexOfAnyExcept((byte)0) < 0 && span[10] == 0xFF && span[11] == 0xFF) return span[12..].ToArray();
        // ::/96 compatible (but not :: and ::1 themselves, handled as IPv6)
        if (span[..12].IndexOfAnyExcept((byte)0) < 0 && span[12..15].IndexOfAnyExcept((byte)0) >= 0) return span[12..].ToArray();
        // 64:ff9b::/96 NAT64
        if (span[0] == 0x00 && span[1] == 0x64 && span[2] == 0xFF && span[3] == 0x9B && span[4..12].IndexOfAnyExcept((byte)0) < 0) return span[12..].ToArray();
        // 2002::/16 6to4
        if (span[0] == 0x20 && span[1] == 0x02) return span[2..6].ToArray();
        return null;
    }

    static bool IsForbiddenV4(byte[] bytes)
    {
        var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        foreach (var (network, prefix) in ForbiddenV4)
        {
            var mask = uint.MaxValue << (32 - prefix);
            if ((value & mask) == network) return true;
        }
        return false;
    }
}
