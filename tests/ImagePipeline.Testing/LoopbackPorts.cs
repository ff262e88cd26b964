using System.Net;
using System.Net.Sockets;

namespace ImagePipeline.Testing;

/// <summary>Loopback ports for hosts whose URL must be known before they start, and for "nothing listens here".</summary>
public static class LoopbackPorts
{
    /// <summary>A port the OS just handed out on 127.0.0.1 and that nothing listens on any more (the probe is closed).
    /// Another process may take it before the caller binds; callers that bind retry on address-in-use where it matters.</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
