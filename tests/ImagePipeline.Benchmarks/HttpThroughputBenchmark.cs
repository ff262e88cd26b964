using System.Diagnostics;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Benchmarks;

/// <summary>Generations per second as a caller sees them: <c>POST /api/generations</c> over HTTP to the standalone host
/// on Kestrel, each with a <c>callbackUrl</c>, until every signed completion webhook has arrived at a real receiver.
/// Mock provider at zero latency, journals and outputs on disk; a fixed number of requests in flight, as a client pool
/// would keep.</summary>
static class HttpThroughputBenchmark
{
    const int InFlight = 32;

    public static async Task RunAsync(int count)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = LoopbackPorts.Free();
        var (app, data) = await BenchmarkHost.StartAsync(new Dictionary<string, string?>
        {
            ["Pipeline:DefaultProvider"] = "mock",
            ["Providers:Mock:Delay"] = "00:00:00",
            ["Providers:Mock:Width"] = "64",
            ["Providers:Mock:Height"] = "64",
            ["Pipeline:PublicBaseUrl"] = $"http://127.0.0.1:{port}/",
        }, port);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = InFlight })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };

        await WebhookedStarts.RunAsync(http, receiver, 0, 200, InFlight, "http benchmark", TimeSpan.FromMinutes(5)); // warm-up: JIT, connections, thread pool
        var stopwatch = Stopwatch.StartNew();
        var refused = await WebhookedStarts.RunAsync(http, receiver, 200, count, InFlight, "http benchmark", TimeSpan.FromMinutes(5));
        stopwatch.Stop();

        Console.WriteLine($"http-throughput: {count} generations started over HTTP and notified by webhook in {stopwatch.Elapsed.TotalSeconds:F2} s = " +
            $"{count / stopwatch.Elapsed.TotalSeconds:F0} generations/s ({refused} starts refused), {InFlight} requests in flight, mock provider at zero latency, {Environment.ProcessorCount} cores");
        await BenchmarkHost.StopAsync(app, data);
    }
}
