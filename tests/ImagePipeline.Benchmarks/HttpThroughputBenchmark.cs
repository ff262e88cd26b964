using System.Diagnostics;
using System.Net.Http.Json;
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
        var port = BenchmarkHost.FreePort();
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

        await RunBatchAsync(http, receiver, 0, 200); // warm-up: JIT, connections, thread pool
        var stopwatch = Stopwatch.StartNew();
        var refused = await RunBatchAsync(http, receiver, 200, count);
        stopwatch.Stop();

        Console.WriteLine($"http-throughput: {count} generations started over HTTP and notified by webhook in {stopwatch.Elapsed.TotalSeconds:F2} s = " +
            $"{count / stopwatch.Elapsed.TotalSeconds:F0} generations/s ({refused} starts refused), {InFlight} requests in flight, mock provider at zero latency, {Environment.ProcessorCount} cores");
        await BenchmarkHost.StopAsync(app, data);
    }

    static async Task<int> RunBatchAsync(HttpClient http, WebhookReceiver receiver, int alreadyDelivered, int count)
    {
        var refused = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, ct) =>
        {
            using var response = await http.PostAsJsonAsync("api/generations", new { prompt = $"http benchmark {i}", callbackUrl = receiver.Url.ToString() }, ct);
            if (!response.IsSuccessStatusCode) Interlocked.Increment(ref refused);
        });
        await receiver.WaitForDeliveryAsync(alreadyDelivered + count - refused, TimeSpan.FromMinutes(5));
        return refused;
    }
}
