using System.Net;
using System.Net.Sockets;

namespace ImagePipeline.Standalone.Hosting;

/// <summary>Binds each configured address once before Kestrel does, so a port another process holds is one line
/// (<c>Port 7071 is in use …</c>) and a non-zero exit instead of Kestrel's critical log with two stack traces. The
/// probe releases the port at once; losing a race to another process still fails in Kestrel, just less politely.</summary>
public static class PortProbe
{
    /// <exception cref="PortInUseException">An address's port is taken.</exception>
    public static void EnsureFree(ListeningAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        foreach (var url in addresses.Urls)
        {
            var address = BindingAddress.Parse(url);
            if (address.IsUnixPipe || address.Port == 0) continue;
            foreach (var endpoint in EndpointsOf(address))
            {
                try
                {
                    using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    if (endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true; // as Kestrel binds "*"
                    socket.Bind(endpoint);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    throw new PortInUseException(
                        $"Port {address.Port} is in use ({url}): stop the process holding it, or choose another port with --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS.", ex);
                }
                catch (SocketException)
                {
                    // Not ours to judge (an address this machine lacks, no IPv6): Kestrel reports it as it binds.
                }
            }
        }
    }

    static IEnumerable<IPEndPoint> EndpointsOf(BindingAddress address)
    {
        var host = address.Host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            yield return new IPEndPoint(IPAddress.Loopback, address.Port);
            if (Socket.OSSupportsIPv6) yield return new IPEndPoint(IPAddress.IPv6Loopback, address.Port);
        }
        else if (IPAddress.TryParse(host, out var ip))
        {
            yield return new IPEndPoint(ip, address.Port);
        }
        else
        {
            // "*", "+", a host name: Kestrel binds every interface.
            yield return Socket.OSSupportsIPv6 ? new IPEndPoint(IPAddress.IPv6Any, address.Port) : new IPEndPoint(IPAddress.Any, address.Port);
        }
    }
}
