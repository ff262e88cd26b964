using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImagePipeline.Testing;

/// <summary>A raw TCP listener on 127.0.0.1 that counts every connection it accepts and answers each with one fixed
/// HTTP response, so a test can prove that a refused request never connected.</summary>
public sealed class CountingLoopbackServer : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    int _accepted;

    public CountingLoopbackServer(byte[] response)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync(response);
    }

    public int Port { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    public static CountingLoopbackServer Answering(int status, string body = "ok", string? headers = null) =>
        new(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n{headers}\r\n{body}"));

    /// <summary>A body of <paramref name="bytes"/> bytes, announced or (chunked, as a lying server would) not.</summary>
    public static CountingLoopbackServer Serving(int bytes, bool announceLength)
    {
        var head = announceLength
            ? $"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n"
            : "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n";
        return new([.. Encoding.ASCII.GetBytes(head), .. new byte[bytes]]);
    }

    async Task AcceptAsync(byte[] response)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            _ = AnswerAsync(socket, response);
        }
    }

    static async Task AnswerAsync(Socket socket, byte[] response)
    {
        using (socket)
        {
            try
            {
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await socket.ReceiveAsync(buffer);
                    if (read == 0) return;
                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                await socket.SendAsync(response);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // The client may hang up first (a refused oversized body); nothing to record.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
