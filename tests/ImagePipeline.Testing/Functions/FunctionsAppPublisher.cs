using System.Diagnostics;
using ImagePipeline.Testing.Azurite;

namespace ImagePipeline.Testing.Functions;

/// <summary>Publishes src/ImagePipeline.Functions once per test run (<c>dotnet publish -c Release</c>), the script root
/// the host runs — exactly what a deployment ships. <c>FUNCTIONS_APP_DIR</c> names an existing publish folder instead.</summary>
public static class FunctionsAppPublisher
{
    public const string AppDirectoryVariable = "FUNCTIONS_APP_DIR";
    static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The script root: <c>FUNCTIONS_APP_DIR</c>, or a fresh publish under <paramref name="workDirectory"/>.</summary>
    public static async Task<string> PublishAsync(string workDirectory)
    {
        if (Environment.GetEnvironmentVariable(AppDirectoryVariable) is { Length: > 0 } existing)
        {
            return File.Exists(Path.Combine(existing, "host.json"))
                ? existing
                : throw new InvalidOperationException($"{AppDirectoryVariable}={existing} has no host.json; give a `dotnet publish` output of src/ImagePipeline.Functions.");
        }

        var root = AzuriteServer.FindRepositoryRoot() ?? throw new InvalidOperationException("Cannot find the repository root (Functions.sln) to publish the Functions app from.");
        var output = Path.Combine(workDirectory, "app");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", Path.Combine(root, "src", "ImagePipeline.Functions", "ImagePipeline.Functions.csproj"),
                "-c", "Release", "-o", output, "--nologo", "-v", "quiet", "-clp:ErrorsOnly",
            },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run dotnet publish.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish of the Functions app took longer than {PublishTimeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the Functions app failed ({process.ExitCode}):{Environment.NewLine}{await stdout}{await stderr}");
        }
        return output;
    }
}
