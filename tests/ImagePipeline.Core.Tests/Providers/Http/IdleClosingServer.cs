using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImagePipeline.Tests.Providers.Http;

/// <summary>
/// A loopback HTTP/1.1 server that serves one request per connection and keeps it alive, then closes it as soon as the
/// next request arrives on it, unprocessed: the race of a server closing an idle keep-alive connection just as the client
/// reuses it. Records the requests it processed.
/// </summary>
internal sealed class IdleClosingServer : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly ConcurrentQueue<string> _processed = new();
    readonly Task _accepting;

    public IdleClosingServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>"METHOD /path" of every request the server processed and answered.</summary>
    public IReadOnlyList<string> Processed => [.. _processed];

    async Task AcceptAsync()
    {
        try
        {
            while (true) _ = ServeAsync(await _listener.AcceptTcpClientAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await ReadRequestAsync(stream);
            if (request is null) return;
            _processed.Enqueue(request);
            var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            await stream.WriteAsync(answer, _stop.Token);
            // The next request on this connection is read and dropped: the connection closes without an answer.
            await ReadRequestAsync(stream);
        }
    }

    async Task<string?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        try
        {
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(buffer, _stop.Token) == 0) return null;
                head.Append((char)buffer[0]);
            }
            var lines = head.ToString().Split("\r\n");
            var length = lines.Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            if (length > 0) await stream.ReadExactlyAsync(new byte[length], _stop.Token);
            var parts = lines[0].Split(' ');
            return $"{parts[0]} {parts[1]}";
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
