using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Issue 9, part 7: a caller's malformed request is the caller's fault: one warning line, no error, no stack.</summary>
public sealed class BadRequestLoggingTests
{
    [Fact]
    public async Task Truncated_request_body_is_logged_as_one_warning_line_without_a_stack_trace()
    {
        var logs = new CapturedLogs();
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?>(), logs: logs);

        // Content-Length promises 100 bytes; the caller sends 11 and closes its side.
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(host.BaseUrl.Host, host.BaseUrl.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "POST /api/generations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"prompt\":\""));
            client.Client.Shutdown(SocketShutdown.Send);
            var answer = new byte[4096];
            try
            {
                while (await stream.ReadAsync(answer) > 0) { }
            }
            catch (IOException)
            {
                // Kestrel may reset a connection whose request it could not read to the end.
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!logs.Entries.Any(e => e.Message.Contains("Bad request", StringComparison.Ordinal)) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(logs.Entries.Any(e => e.Message.Contains("Bad request", StringComparison.Ordinal)),
            string.Join("\n", logs.Entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}")));
        var warning = Assert.Single(logs.Entries, e => e.Message.Contains("Bad request", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.DoesNotContain('\n', warning.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }
}
