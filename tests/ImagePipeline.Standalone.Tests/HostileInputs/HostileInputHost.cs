using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.Luma;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Scenario;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests.HostileInputs;

/// <summary>The standalone host the corpus runs against, with four provider simulators (Runware the default) and the
/// mock left at its production default. Counts what could have started: submits and uploads at the simulators, and
/// the files of the host's data folder (journal, stored inputs, submission ledger).</summary>
public sealed class HostileInputHost : IAsyncLifetime
{
    readonly SegmindSimulator _segmind = new();
    readonly RunwareSimulator _runware = new();
    readonly ScenarioSimulator _scenario = new();
    readonly LumaSimulator _luma = new();
    PipelineHost _host = null!;

    ProviderSimulator[] Simulators => [_segmind, _runware, _scenario, _luma];

    public async Task InitializeAsync()
    {
        foreach (var simulator in Simulators) await simulator.StartAsync();
        var settings = new Dictionary<string, string?>();
        foreach (var part in new[]
                 {
                     SimulatorSettings.For(_segmind, TimeSpan.FromSeconds(1)), SimulatorSettings.For(_scenario, TimeSpan.FromSeconds(1)),
                     SimulatorSettings.For(_luma, TimeSpan.FromSeconds(1)), SimulatorSettings.For(_runware, TimeSpan.FromSeconds(1)),
                 })
        {
            foreach (var (key, value) in part) settings[key] = value;
        }
        settings["Providers:Mock:Enabled"] = null; // the production default: off, since real providers are configured
        _host = await PipelineHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        foreach (var simulator in Simulators) await simulator.DisposeAsync();
    }

    /// <summary>Every submit or upload any simulator received, plus every file in the host's data folder.</summary>
    public IReadOnlyList<string> WhatStarted()
    {
        var started = new List<string>();
        foreach (var simulator in Simulators)
            if (simulator.SubmitCount > 0) started.Add($"{simulator.GetType().Name}: {simulator.SubmitCount} submit(s)");
        if (_scenario.UploadedAssets.Count > 0) started.Add($"Scenario: {_scenario.UploadedAssets.Count} upload(s)");
        started.AddRange(Directory.EnumerateFiles(_host.DataDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_host.DataDirectory, f)));
        return started;
    }

    /// <summary>Sends the case and returns the status and the parsed problem body (null when it is not JSON).</summary>
    public async Task<(int Status, JsonElement? Problem, string Text)> SendAsync(HostileCase hostile)
    {
        ArgumentNullException.ThrowIfNull(hostile);
        if (hostile.DeclaredLength is { } declared) return await SendTruncatedAsync(hostile, declared);
        if (hostile.Body() is { Headers.ContentLength: null } chunked)
        {
            using (chunked) return await SendChunkedAsync(hostile, await chunked.ReadAsByteArrayAsync(), chunked.Headers.ContentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, hostile.Route) { Content = hostile.Body() };
        // As curl does for large bodies: the host can refuse a declared length before the body is sent, instead of the
        // client finding its upload cut off.
        request.Headers.ExpectContinue = true;
        if (hostile.IdempotencyKey is { } key) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await _host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, TryParse(text), text);
    }

    /// <summary>Declares a longer Content-Length than it sends and waits, as a stalled client does, until the host gives up
    /// on the rest of the body (Kestrel's minimum body data rate: about 5 s).</summary>
    async Task<(int, JsonElement?, string)> SendTruncatedAsync(HostileCase hostile, int declared)
    {
        using var content = hostile.Body()!;
        var body = await content.ReadAsByteArrayAsync();
        using var client = new TcpClient();
        await client.ConnectAsync(_host.BaseUrl.Host, _host.BaseUrl.Port);
        var stream = client.GetStream();
        var head = $"POST /{hostile.Route} HTTP/1.1\r\nHost: {_host.BaseUrl.Authority}\r\nContent-Type: {content.Headers.ContentType}\r\nContent-Length: {declared}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);

        return await ReadAnswerAsync(stream);
    }

    /// <summary>Sends the body chunked while reading the answer, as curl does: a host that answers 413 part-way and then
    /// closes the connection is seen answering, however far the upload had got (HttpClient reads only after sending, so
    /// on a loaded machine it sometimes saw the reset instead of the 413).</summary>
    async Task<(int, JsonElement?, string)> SendChunkedAsync(HostileCase hostile, byte[] body, MediaTypeHeaderValue? contentType)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_host.BaseUrl.Host, _host.BaseUrl.Port);
        var stream = client.GetStream();
        var key = hostile.IdempotencyKey is { } k ? $"Idempotency-Key: {k}\r\n" : "";
        var head = $"POST /{hostile.Route} HTTP/1.1\r\nHost: {_host.BaseUrl.Authority}\r\nContent-Type: {contentType}\r\n{key}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var sending = Task.Run(async () =>
        {
            try
            {
                for (var at = 0; at < body.Length; at += 64 * 1024)
                {
                    var length = Math.Min(64 * 1024, body.Length - at);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{length:X}\r\n"));
                    await stream.WriteAsync(body.AsMemory(at, length));
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // The host stopped reading and closed: what a refusal part-way looks like from the sending side.
            }
        });
        var answer = await ReadAnswerAsync(stream);
        await sending;
        return answer;
    }

    static async Task<(int, JsonElement?, string)> ReadAnswerAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException) when (received.Length > 0)
        {
            // Reset after the answer was written: the answer is what counts.
        }
        var answer = Encoding.UTF8.GetString(received.ToArray());
        var status = int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var headerEnd = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var payload = headerEnd < 0 ? "" : answer[(headerEnd + 4)..];
        if (answer[..Math.Max(headerEnd, 0)].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)) payload = Dechunk(payload);
        return (status, TryParse(payload), answer);
    }

    static string Dechunk(string chunked)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(chunked[at..lineEnd].Split(';')[0], 16);
            if (size == 0) break;
            result.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return result.ToString();
    }

    static JsonElement? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
