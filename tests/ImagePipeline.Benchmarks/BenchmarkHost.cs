using ImagePipeline.Standalone;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Benchmarks;

/// <summary>The standalone host in-process with a throw-away data folder, quiet logging and the given settings.</summary>
static class BenchmarkHost
{
    /// <param name="parentFolder">Where the throw-away data folder goes (the system temp folder when null), e.g.
    /// /dev/shm to take the disk out of a measurement.</param>
    public static async Task<(WebApplication App, string Data)> StartAsync(IDictionary<string, string?> settings, int port = 0, string? parentFolder = null)
    {
        var data = parentFolder is null
            ? Directory.CreateTempSubdirectory("imagepipeline-bench-").FullName
            : Directory.CreateDirectory(Path.Combine(parentFolder, "imagepipeline-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["Runtime:DataDirectory"] = data,
            ["Pipeline:CallbackSecret"] = "bench-callback-secret-0123456789",
            ["Notifications:WebhookSecret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Security:AllowPrivateNetworkFetches"] = "true", // simulators and receivers are on 127.0.0.1
        };
        foreach (var (key, value) in settings) configuration[key] = value;
        var app = StandaloneHost.Build(["--urls", $"http://127.0.0.1:{port}"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return (app, data);
    }

    public static async Task StopAsync(WebApplication app, string data, bool keepData = false)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (keepData) return;
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
