using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Issue 9, part 7: a caller's malformed request is the caller's fault: its own status, one warning line, no
/// error, no stack trace.</summary>
public sealed class BadRequestLoggingTests
{
    [Fact]
    public async Task Malformed_request_body_is_answered_400_and_logged_as_one_warning_line_without_a_stack_trace()
    {
        var logs = new CapturedLogs();
        await using var host = await PipelineHost.StartAsync(new Dictionary<string, string?>(), logs: logs);

        // A chunked body whose chunk size is not hexadecimal: Kestrel refuses it while the API reads the body.
        var answer = await SendRawAsync(host.BaseUrl,
            "POST /api/generations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        var all = string.Join("\n", logs.Entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}"));
        var warning = Assert.Single(logs.Entries, e => e.Message.Contains("Bad request", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.DoesNotContain('\n', warning.Message);
        Assert.False(logs.Entries.Any(e => e.Level >= LogLevel.Error), all);
    }

    static async Task<string> SendRawAsync(Uri baseUrl, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseUrl.Host, baseUrl.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
            // Kestrel may reset a connection whose request it could not read to the end.
        }
        return answer.ToString();
    }
}
