using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Segmind;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Benchmarks;

/// <summary>Time from the provider finishing a job to the caller's webhook arriving, through the provider webhook
/// (Runware) and through polling (Segmind), over real HTTP against the standalone host and simulators.</summary>
static class NotificationLatencyBenchmark
{

    public static async Task RunAsync(int count)
    {
        await using (var runware = new RunwareSimulator())
        {
            await runware.StartAsync();
            await MeasureAsync("webhook path (Runware webhook, first poll 1 h away)", runware, TimeSpan.FromSeconds(2), count, new Dictionary<string, string?>
            {
                ["Pipeline:DefaultProvider"] = "runware",
                ["Providers:Runware:ApiKey"] = runware.ApiKey,
                ["Providers:Runware:BaseUrl"] = runware.ApiUrl.ToString(),
                ["Pipeline:Polling:runware:FirstPollAfter"] = "01:00:00",
            });
        }

        await using (var segmind = new SegmindSimulator())
        {
            await segmind.StartAsync();
            // The job ends half-way between two polls: the polling path's cost is about half an interval plus overhead.
            await MeasureAsync("polling path (Segmind 2.5 s job; first poll at 2 s, then every 1 s)", segmind, TimeSpan.FromSeconds(2.5), count, new Dictionary<string, string?>
            {
                ["Pipeline:DefaultProvider"] = "segmind",
                ["Providers:Segmind:ApiKey"] = segmind.ApiKey,
                ["Providers:Segmind:BaseUrl"] = segmind.BaseUrl.ToString(),
                ["Pipeline:Polling:segmind:FirstPollAfter"] = "00:00:02",
                ["Pipeline:Polling:segmind:Interval"] = "00:00:01",
            });
        }
    }

    static async Task MeasureAsync(string label, ProviderSimulator simulator, TimeSpan jobDuration, int count, Dictionary<string, string?> settings)
    {
        simulator.Behavior.JobDuration = jobDuration;
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = LoopbackPorts.Free();
        settings["Pipeline:PublicBaseUrl"] = $"http://127.0.0.1:{port}/";
        var (app, data) = await BenchmarkHost.StartAsync(settings, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        await Parallel.ForAsync(0, count, async (i, ct) =>
        {
            using var response = await http.PostAsJsonAsync("api/generations", new { prompt = $"latency {i}", callbackUrl = receiver.Url.ToString() }, ct);
            response.EnsureSuccessStatusCode();
        });
        await receiver.WaitForDeliveryAsync(count, TimeSpan.FromSeconds(120));

        var latencies = receiver.Deliveries.Select(d =>
        {
            var jobId = JsonDocument.Parse(d.BodyText).RootElement.GetProperty("providerJobId").GetString()!;
            return (d.ReceivedAt - simulator.JobFinishTimes[jobId]).TotalMilliseconds;
        }).Order().ToArray();
        Console.WriteLine($"notify-latency, {label}: n={latencies.Length}, median {Percentile(latencies, 0.5):F0} ms, " +
            $"p95 {Percentile(latencies, 0.95):F0} ms, max {latencies[^1]:F0} ms (provider finish → caller webhook received)");
        await BenchmarkHost.StopAsync(app, data);
    }

    internal static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
