using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace ImagePipeline.Testing.Functions;

/// <summary>
/// One run of <c>func start --script-root APP --port P</c> in its own process group (<c>setsid</c>), so the host and
/// its isolated worker can be killed together — gently on dispose, or with SIGKILL to simulate a crash. Its output
/// goes to a log file that failure messages quote.
/// </summary>
public sealed class FunctionsHostProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    readonly Process _process;

    FunctionsHostProcess(Process process, Uri baseUrl, string logPath)
    {
        _process = process;
        BaseUrl = baseUrl;
        LogPath = logPath;
    }

    public Uri BaseUrl { get; }

    public string LogPath { get; }

    /// <summary>The process group id (the <c>setsid</c>'d shell's pid, which execs into func and then the host).</summary>
    public int ProcessGroupId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the host and waits until <c>GET /api/health</c> answers 200.</summary>
    public static async Task<FunctionsHostProcess> StartAsync(string func, string appDirectory, int port,
        IReadOnlyDictionary<string, string> settings, string logPath)
    {
        var baseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        // exec keeps one pid from the shell through setsid and func down to the host: that pid leads the new group.
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList =
            {
                "-c", "exec setsid \"$0\" start --script-root \"$1\" --port \"$2\" >>\"$3\" 2>&1",
                func, appDirectory, port.ToString(CultureInfo.InvariantCulture), logPath,
            },
            UseShellExecute = false,
            WorkingDirectory = appDirectory,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        await File.AppendAllTextAsync(logPath, $"===== func start --port {port} at {DateTimeOffset.UtcNow:O}{Environment.NewLine}");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {func}.");
        var host = new FunctionsHostProcess(process, baseUrl, logPath);
        try
        {
            await host.WaitUntilHealthyAsync();
            return host;
        }
        catch
        {
            host.KillHard();
            process.Dispose();
            throw;
        }
    }

    async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Functions host exited with code {_process.ExitCode} before answering /api/health.{Environment.NewLine}{LogTail()}");
            }
            try
            {
                using var health = await http.GetAsync("api/health");
                if (health.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The Functions host did not answer /api/health within {StartTimeout}.{Environment.NewLine}{LogTail()}");
    }

    /// <summary>SIGKILL to the whole group: host and worker die mid-step, nothing is flushed or released.</summary>
    public void KillHard()
    {
        Signal("KILL");
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>The last lines of the host's output, for failure messages.</summary>
    public string LogTail(int lines = 60) => ReadTail(LogPath, lines);

    public static string ReadTail(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var tail = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                tail.Enqueue(line);
                if (tail.Count > lines) tail.Dequeue();
            }
            return $"--- last {tail.Count} lines of {path} ---{Environment.NewLine}{string.Join(Environment.NewLine, tail)}";
        }
        catch (IOException e)
        {
            return $"(no host log at {path}: {e.Message})";
        }
    }

    /// <summary>Signals the whole group, even when its leader is gone (a worker can outlive the host briefly); "no such
    /// process" is the normal answer once everything has exited.</summary>
    void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { $"-{signal}", "--", $"-{ProcessGroupId.ToString(CultureInfo.InvariantCulture)}" },
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        if (kill is null) return;
        kill.StandardError.ReadToEnd();
        kill.WaitForExit();
    }

    /// <summary>SIGTERM to the group (func stops the host and its worker), SIGKILL if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        Signal("TERM");
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { }
        }
        // The worker may outlive the host by a moment; the group goes either way.
        Signal("KILL");
        _process.WaitForExit(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }
}
