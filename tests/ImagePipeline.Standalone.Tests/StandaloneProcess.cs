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

    public static async Task<StandaloneProcess> StartAsync(IDictionary<string, string?> settings, int port)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ImagePipeline.Standalone.dll"), "--urls", baseUrl.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // Simulator keys turn the mock off by default; the tests use it beside them unless they say otherwise.
        start.Environment["Providers__Mock__Enabled"] = "true";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the standalone host.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The standalone host exited with code {process.ExitCode}.");
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
        throw new TimeoutException("The standalone host did not answer /api/health within 30 s.");
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
