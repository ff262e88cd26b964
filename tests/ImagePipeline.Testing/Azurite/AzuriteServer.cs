using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace ImagePipeline.Testing.Azurite;

/// <summary>
/// A real Azurite (the Azure Storage emulator from npm) on free loopback ports, in memory, for tests that touch
/// Blob/Queue/Table storage. Looks for it at <c>AZURITE_PATH</c>, then <c>&lt;repo&gt;/tests/.tools/node_modules/.bin/azurite</c>,
/// then <c>azurite</c> on PATH. Disposing kills the process tree. Use <see cref="StartAsync"/> for a private instance or
/// <see cref="GetSharedAsync"/> for one shared by the whole test process.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public, documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string InstallHint = "Install it with `npm install --prefix tests/.tools azurite` from the repository root, or set AZURITE_PATH to the azurite executable.";

    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    static readonly Lock SharedGate = new();
    static Task<AzuriteServer>? _shared;

    readonly Process _process;
    readonly StringBuilder _output;

    AzuriteServer(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public Uri BlobEndpoint => Endpoint(BlobPort);

    public Uri QueueEndpoint => Endpoint(QueuePort);

    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>The full development-account connection string with this instance's ports.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};");

    /// <summary>One instance for the whole test process, started on first use and killed when the process exits.</summary>
    public static Task<AzuriteServer> GetSharedAsync()
    {
        lock (SharedGate)
        {
            if (_shared is null || _shared.IsFaulted || _shared.IsCanceled)
            {
                _shared = StartAsync();
                _shared.ContinueWith(
                    started => AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Result.Stop(),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            }
            return _shared;
        }
    }

    /// <summary>Starts a private instance and waits until its three ports accept connections.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable() ?? throw new AzuriteNotFoundException("Azurite was not found. " + InstallHint);
        var (blobPort, queuePort, tablePort) = FreePorts();

        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = Path.GetTempPath(), // in memory, it writes nothing; never into the repository
        };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
            // Azurite 3.34+ sends usage telemetry off the machine unless told not to; tests never phone home.
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new AzuriteNotFoundException($"Azurite at '{executable}' could not be started ({e.Message}); it needs Node.js. " + InstallHint);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new AzuriteServer(process, output, blobPort, queuePort, tablePort);
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The Azurite executable tests would run, or null when there is none.</summary>
    public static string? FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("AZURITE_PATH");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new AzuriteNotFoundException($"AZURITE_PATH points to '{configured}', which does not exist. " + InstallHint);
        }
        var names = OperatingSystem.IsWindows() ? new[] { "azurite.cmd", "azurite.exe" } : ["azurite"];
        if (FindRepositoryRoot() is { } root)
        {
            var bin = Path.Combine(root, "tests", ".tools", "node_modules", ".bin");
            foreach (var name in names)
            {
                if (File.Exists(Path.Combine(bin, name))) return Path.Combine(bin, name);
            }
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>The folder holding <c>Functions.sln</c>, searched upwards from the test binaries, the current directory and this source file.</summary>
    public static string? FindRepositoryRoot() =>
        new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(SourceFilePath()) }
            .Select(FindUpwards)
            .FirstOrDefault(root => root is not null);

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // It was told to die; nothing more a test can do.
        }
        _process.Dispose();
    }

    /// <summary>Synchronous clean-up for process exit, where nothing can be awaited.</summary>
    void Stop()
    {
        Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(5));
    }

    void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on port {port}: {Output()}");
                }
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                    break;
                }
                catch (SocketException)
                {
                    await Task.Delay(100, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"Azurite did not listen on port {port} within {StartTimeout}: {Output()}");
                }
            }
        }
    }

    string Output()
    {
        lock (_output) return _output.ToString();
    }

    static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output)
        {
            if (output.Length < 16_384) output.AppendLine(line);
        }
    }

    static Uri Endpoint(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/{AccountName}"));

    /// <summary>Three distinct free ports: all held at once while chosen, then released for Azurite.</summary>
    static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    static string? FindUpwards(string? start)
    {
        for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln"))) return directory.FullName;
        }
        return null;
    }

    static string SourceFilePath([CallerFilePath] string path = "") => path;
}
