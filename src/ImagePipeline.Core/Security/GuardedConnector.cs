using System.Net;
using System.Net.Sockets;

namespace ImagePipeline.Security;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of the guarded client: resolves the host itself and connects
/// the socket to the resolved address it checked, so a name that resolves to a public address when validated and to a
/// private one later (DNS rebinding) is still refused. A name with any forbidden address is refused outright.
/// </summary>
internal sealed class GuardedConnector(bool allowPrivateNetwork)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        foreach (var address in addresses)
        {
            if (!allowPrivateNetwork && NetworkAddressPolicy.IsForbidden(address))
                throw new OutboundRequestRefusedException($"{endpoint.Host}:{endpoint.Port} resolves to {address}, which is not a public address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
