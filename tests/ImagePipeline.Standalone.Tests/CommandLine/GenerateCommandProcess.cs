using System.Diagnostics;
using System.Text;

namespace ImagePipeline.Standalone.Tests.CommandLine;

/// <summary><c>dotnet ImagePipeline.Standalone.dll generate …</c> as a real child process in a working directory of its
/// own, with stdout and stderr kept apart, so a test sees what a shell user or a script sees (output streams, files
/// written relative to where it ran, the exit code) and can interrupt it with SIGINT as Ctrl+C does.</summary>
public sealed class GenerateCommandProcess : IDisposable
{
    // A bound for a hung command, not a timing assertion: a mock generation takes a few seconds.
    static readonly TimeSpan ExitBound = TimeSpan.FromMinutes(2);

    readonly Process _process;
    readonly StringBuilder _stdout = new();
    readonly StringBuilder _stderr = new();
    readonly TaskCompletionSource _stderrLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    string? _awaitedStderr;

    GenerateCommandProcess(Process process) => _process = process;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <param name="workingDirectory">Where the command runs: its data folder (<c>./data</c>) and relative paths.</param>
    public static GenerateCommandProcess Start(string workingDirectory, IDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ImagePipeline.Standalone.dll"));
        start.ArgumentList.Add("generate");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the generate command.");
        var command = new GenerateCommandProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (command._stdout) command._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => command.OnStderr(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return command;
    }

    /// <summary>Completes once stderr has a line containing <paramref name="text"/> (the plain progress lines).</summary>
    public Task WaitForStderrAsync(string text)
    {
        lock (_stderr)
        {
            _awaitedStderr = text;
            if (_stderr.ToString().Contains(text, StringComparison.Ordinal)) _stderrLine.TrySetResult();
        }
        return _stderrLine.Task.WaitAsync(ExitBound);
    }

    /// <summary>What Ctrl+C in a terminal sends (SIGINT). A test run started in the background without job control (as
    /// CI may start it: <c>cmd &amp;</c>, <c>nohup</c>) has SIGINT ignored, the command inherits that, and an ignored
    /// signal is never delivered; then it gets SIGTERM, which it treats the same way.</summary>
    public async Task InterruptAsync()
    {
        var signal = SigIntIgnoredHere() ? "-TERM" : "-INT";
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Bit 1 (SIGINT is signal 2) of the ignored-signals mask in /proc/self/status.</summary>
    static bool SigIntIgnoredHere()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & 0b10) != 0;
    }

    public async Task<int> WaitForExitAsync()
    {
        using var bound = new CancellationTokenSource(ExitBound);
        try
        {
            await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The command did not exit within {ExitBound}. Its stderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    void OnStderr(string? line)
    {
        if (line is null) return;
        lock (_stderr)
        {
            _stderr.AppendLine(line);
            if (_awaitedStderr is not null && line.Contains(_awaitedStderr, StringComparison.Ordinal)) _stderrLine.TrySetResult();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
