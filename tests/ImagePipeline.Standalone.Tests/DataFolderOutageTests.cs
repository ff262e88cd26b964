using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Simulators.Segmind;
using Xunit.Abstractions;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The data folder on a real, small tmpfs: filled while generations are in flight, then freed; and mounted
/// read-only before the host starts.</summary>
public sealed class DataFolderOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Full_data_folder_refuses_new_work_with_503_and_stalled_generations_finish_alone_once_space_is_freed()
    {
        using var disk = TmpfsFolder.Mount("16m");
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        segmind.Behavior.JobDuration = TimeSpan.FromSeconds(5);
        await using var host = await PipelineHost.StartAsync(
            SimulatorSettings.For(segmind, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(300)), disk.Path);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await host.StartAndGetIdAsync(new { prompt = $"full disk {i}" }));
        foreach (var id in ids) await host.WaitForAsync(id, s => s.ProviderJobId is not null);

        var filler = disk.Fill();
        var outageStarted = Stopwatch.StartNew();

        // The caller sees the outage: health 503 naming the journal, new starts 503 with Retry-After and a reason.
        using var health = await EventuallyAsync(() => host.Http.GetAsync("api/health"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        var healthBody = await health.Content.ReadAsStringAsync();
        using (var document = JsonDocument.Parse(healthBody))
        {
            Assert.Equal("unhealthy", document.RootElement.GetProperty("status").GetString());
            Assert.Equal("unwritable", document.RootElement.GetProperty("journal").GetString());
            Assert.Contains("no space left", document.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        using var refused = await host.StartGenerationAsync(new { prompt = "during the outage" });
        var refusedBody = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Contains("data folder cannot be written", refusedBody, StringComparison.Ordinal);
        // The same for an event: a 503 the sender redelivers after Retry-After, not a 500.
        using var refusedEvent = await host.Http.PostAsync("api/events", new StringContent(
            """{ "specversion": "1.0", "id": "evt-outage", "source": "/tests/outage", "type": "Contoso.Image.Requested", "data": { "prompt": "an event during the outage" } }""",
            Encoding.UTF8, "application/cloudevents+json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedEvent.StatusCode);
        Assert.NotNull(refusedEvent.Headers.RetryAfter?.Delta);

        // Every in-flight generation stalls (not failed: still in progress to the caller).
        using var allStalled = await EventuallyAsync(() => host.Http.GetAsync("api/health"),
            r => JsonDocument.Parse(r.Content.ReadAsStringAsync().Result).RootElement.GetProperty("stalled").GetInt32() == ids.Count);
        // An outage of a realistic length (the resumer's probe backs off meanwhile): nothing fails, nothing finishes.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var duringOutage = new List<GenerationStatusDocument>();
        foreach (var id in ids) duringOutage.Add(await host.GetStatusAsync(id));
        Assert.All(duringOutage, s => Assert.False(s.Status.IsTerminal()));
        using (var stillDown = await host.Http.GetAsync("api/health")) Assert.Equal(HttpStatusCode.ServiceUnavailable, stillDown.StatusCode);
        var outage = outageStarted.Elapsed;

        // Space is freed: no restart, no request; the stalled generations finish by themselves.
        File.Delete(filler);
        var freed = Stopwatch.StartNew();
        var finished = new List<GenerationStatusDocument>();
        foreach (var id in ids) finished.Add(await host.WaitForTerminalAsync(id, TimeSpan.FromSeconds(90)));
        var recovery = freed.Elapsed;

        foreach (var done in finished)
        {
            Assert.Equal(GenerationStatus.Completed, done.Status);
            var stored = Assert.Single(done.Outputs);
            var bytes = await File.ReadAllBytesAsync(new Uri(stored.Uri).LocalPath);
            Assert.Equal(stored.Bytes, bytes.Length);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        }
        Assert.Equal(ids.Count, segmind.SubmitCount); // one submit per generation, none repeated by the resume

        using var healthy = await EventuallyAsync(() => host.Http.GetAsync("api/health"), r => r.StatusCode == HttpStatusCode.OK);
        var after = await host.StartAndGetIdAsync(new { prompt = "after the outage" });
        Assert.Equal(GenerationStatus.Completed, (await host.WaitForTerminalAsync(after, TimeSpan.FromSeconds(60))).Status);
        Assert.Equal(ids.Count + 1, segmind.SubmitCount);

        var report = $"""
            Disk-full run: {ids.Count} generations in flight, data folder on a 16 MiB tmpfs filled to ENOSPC.
            During the {outage.TotalSeconds:F1} s outage: GET /api/health -> 503 {healthBody}
            POST /api/generations -> 503 Retry-After: {refused.Headers.RetryAfter.Delta.Value.TotalSeconds} s {refusedBody}
            GET /api/generations/<id> -> 200, statuses {string.Join(", ", duringOutage.Select(s => s.Status))}
            Space freed -> all {ids.Count} stalled generations Completed after {recovery.TotalSeconds:F1} s, without a restart; submits: {segmind.SubmitCount - 1} for {ids.Count}.
            """;
        output.WriteLine(report);
        Console.WriteLine(report);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-yet-created/data")]
    public async Task Read_only_or_uncreatable_data_folder_stops_the_host_with_one_line_and_a_non_zero_exit(string below)
    {
        using var disk = TmpfsFolder.Mount("1m", readOnly: true);
        var data = Path.Combine(disk.Path, below);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ImagePipeline.Standalone.dll"), "--urls", $"http://127.0.0.1:{LoopbackPorts.Free()}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Runtime__DataDirectory"] = data;
        start.Environment["Pipeline__CallbackSecret"] = "test-callback-secret-0123456789";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        var lines = ((await stdout) + (await stderr)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        output.WriteLine($"exit {process.ExitCode}: {string.Join(" / ", lines)}");
        Assert.Equal(StandaloneHost.DataFolderUnavailableExitCode, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.Contains(Path.GetFullPath(data).TrimEnd('/'), line, StringComparison.Ordinal);
        Assert.Contains("read-only", line, StringComparison.Ordinal);
    }

    static async Task<HttpResponseMessage> EventuallyAsync(Func<Task<HttpResponseMessage>> request, Func<HttpResponseMessage, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await request();
            if (until(response)) return response;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            response.Dispose();
            await Task.Delay(100);
        }
    }
}
