using System.Diagnostics;
using System.Globalization;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Testing.Functions;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Benchmarks;

/// <summary>Generations per second through the Functions app as Azure runs it: published in Release, served by a real
/// Functions host (<c>FUNC</c>, Core Tools or ../shared/functions-host) on Durable's Azure Storage backend in Azurite,
/// started over HTTP with a function key and counted when each caller webhook arrives. Mock provider at zero latency,
/// so the figure is the Durable Functions machinery's own cost per generation on one worker.</summary>
static class FunctionsThroughputBenchmark
{
    const int InFlight = 16;
    const string FunctionKey = "bench-function-key";

    public static async Task<int> RunAsync(int count)
    {
        if (FunctionsHostLocator.Find(out var searched) is not { } func)
        {
            Console.Error.WriteLine($"functions-throughput: no Azure Functions host (looked at {searched}); set {FunctionsHostLocator.VariableName}.");
            return 3;
        }
        var work = Directory.CreateTempSubdirectory("imagepipeline-bench-functions-").FullName;
        var publish = FunctionsAppPublisher.PublishAsync(work);
        await using var azurite = await AzuriteServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var app = await publish;

        var port = LoopbackPorts.Free();
        var baseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development",
            ["FUNCTIONS_TEST_KEY"] = FunctionKey,
            ["MaintenancePurgeSchedule"] = "0 0 0 1 1 *",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Pipeline__DefaultProvider"] = "mock",
            ["Pipeline__PublicBaseUrl"] = baseUrl.ToString(),
            ["Pipeline__CallbackSecret"] = "bench-callback-secret-0123456789",
            ["Notifications__WebhookSecret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ["Security__AllowPrivateNetworkFetches"] = "true", // the webhook receiver is on 127.0.0.1
            ["Providers__Mock__Delay"] = "00:00:00",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var host = await FunctionsHostProcess.StartAsync(func, app, port, settings, Path.Combine(work, "host.log"));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = InFlight }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);

        await WebhookedStarts.RunAsync(http, receiver, 0, 20, InFlight, "functions benchmark", TimeSpan.FromMinutes(10)); // warm-up: the worker's JIT, queues and tables created, partitions leased
        var stopwatch = Stopwatch.StartNew();
        var refused = await WebhookedStarts.RunAsync(http, receiver, 20, count, InFlight, "functions benchmark", TimeSpan.FromMinutes(10));
        stopwatch.Stop();

        Console.WriteLine($"functions-throughput: {count} generations started over HTTP and notified by webhook in {stopwatch.Elapsed.TotalSeconds:F1} s = " +
            $"{count / stopwatch.Elapsed.TotalSeconds:F1} generations/s ({refused} starts refused) on one Functions host with Durable's Azure Storage backend " +
            $"in Azurite, {InFlight} requests in flight, mock provider at zero latency, {Environment.ProcessorCount} cores");
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        return 0;
    }
}
