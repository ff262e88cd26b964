using System.Diagnostics;

namespace ImagePipeline.Standalone.Tests;

/// <summary>The standalone host as a real child process (<c>dotnet ImagePipeline.Standalone.dll</c>), so a test can kill
/// it with SIGKILL mid-flight and start it again on the same data folder.</summary>
public sealed class StandaloneProcess : IAsyncDisposable
{
    readonly Process _process;

    StandaloneProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static Task<StandaloneProcess> StartAsync(IDictionary<string, string?> settings, int port) =>
        StartAsync(settings, ["--urls", $"http://127.0.0.1:{port}"], new Uri($"http://127.0.0.1:{port}/"));

    /// <summary>Starts the host with exactly these arguments and settings (environment variables) and waits until
    /// <c>GET {baseUrl}api/health</c> answers, so a test can check where the host listens.</summary>
    public static async Task<StandaloneProcess> StartAsync(IDictionary<string, string?> settings, IEnumerable<string> arguments, Uri baseUrl)
    {
        var process = Process.Start(StartInfo(settings, arguments)) ?? throw new InvalidOperationException("Could not start the standalone host.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                lock (output) throw new InvalidOperationException($"The standalone host exited with code {process.ExitCode}: {output}");
            }
            try
            {
                using var health = await http.GetAsync("api/health");
                if (health.IsSuccessStatusCode) return new StandaloneProcess(process, baseUrl);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The standalone host did not answer {baseUrl}api/health within 30 s.");
    }

    /// <summary>Runs the host expecting it to stop by itself (a refused start): its exit code and what it wrote.</summary>
    public static async Task<ExitedProcess> RunUntilExitAsync(IDictionary<string, string?> settings, IEnumerable<string> arguments)
    {
        using var process = Process.Start(StartInfo(settings, arguments)) ?? throw new InvalidOperationException("Could not start the standalone host.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The standalone host was expected to stop by itself but still ran after 60 s.");
        }
        return new ExitedProcess(process.ExitCode, await output, await error);
    }

    static ProcessStartInfo StartInfo(IDictionary<string, string?> settings, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ImagePipeline.Standalone.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A URL setting in the test runner's own environment would change where the host listens.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
            start.Environment.Remove(inherited);
        // Simulator keys turn the mock off by default; the tests use it beside them unless they say otherwise.
        start.Environment["Providers__Mock__Enabled"] = "true";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        return start;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — what a crash or <c>kill -9</c> does.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
