using System.Net.Sockets;
using ImagePipeline.Testing;

namespace ImagePipeline.Standalone.Tests.Running;

/// <summary>Starting the real host process with a mistake in how it is run: it stops at once with one line on standard
/// error that names the mistake (no stack trace) and an exit code that is not 0.</summary>
public sealed class StartupRefusalTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("imagepipeline-refusal-").FullName;

    [Theory]
    [InlineData("Pipeline__JobTimeout", "10m", "Pipeline:JobTimeout")]
    [InlineData("Providers__Segmnd__ApiKey", "sk-123", "did you mean Providers:Segmind?")]
    [InlineData("Providers__Segmind__ApiKey", "<segmind-api-key>", "placeholder")]
    public async Task A_setting_it_cannot_use_is_one_line_and_exit_code_78(string name, string value, string named)
    {
        var exited = await StandaloneProcess.RunUntilExitAsync(Settings((name, value)), ["--urls", $"http://127.0.0.1:{LoopbackPorts.Free()}"]);

        Assert.Equal(StandaloneHost.InvalidSettingsExitCode, exited.ExitCode);
        AssertOneLine(exited, named);
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_an_api_key_is_refused()
    {
        var exited = await StandaloneProcess.RunUntilExitAsync(Settings(), ["--urls", $"http://0.0.0.0:{LoopbackPorts.Free()}"]);

        Assert.Equal(StandaloneHost.InvalidSettingsExitCode, exited.ExitCode);
        AssertOneLine(exited, "Api__Keys__0");
    }

    [Fact]
    public async Task A_busy_port_is_one_line_and_a_non_zero_exit()
    {
        using var holder = new TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var exited = await StandaloneProcess.RunUntilExitAsync(Settings(), ["--urls", $"http://127.0.0.1:{port}"]);

        Assert.Equal(StandaloneHost.PortInUseExitCode, exited.ExitCode);
        AssertOneLine(exited, $"Port {port} is in use");
    }

    Dictionary<string, string?> Settings(params (string Name, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Runtime__DataDirectory"] = _data };
        foreach (var (name, value) in extra) settings[name] = value;
        return settings;
    }

    static void AssertOneLine(ExitedProcess exited, string named)
    {
        var lines = exited.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("imagepipeline: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exited.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
