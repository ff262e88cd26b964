using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.GmiCloud;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Benchmarks;

/// <summary>
/// <c>routing-report</c>: the failover matrix and the cost table of issue 13, from real generations against the
/// simulators on the standalone host (in process, HTTP on loopback). Each row is one generation with
/// <c>provider: ["segmind", "gmicloud"]</c> (or the providers named) and Segmind scripted to fail one way; the submits
/// columns count the jobs each simulator created (what a provider would bill), and the requests column every submit
/// request Segmind answered, refused ones included.
/// </summary>
static class RoutingReport
{
    sealed record Row(string Cause, GenerationStatusDocument Done, int SegmindRequests, int SegmindJobs, int GmiJobs, int RunwareJobs);

    public static async Task RunAsync()
    {
        var rows = new List<Row>
        {
            await RunAsync("none (Segmind healthy)", (_, _, _) => { }),
            await RunAsync("validation 400 at submit", (s, _, _) => s.Behavior.SubmitFault = SubmitFault.BadRequest),
            await RunAsync("401 at submit", (s, _, _) => s.Behavior.SubmitFault = SubmitFault.Unauthorized),
            await RunAsync("406 insufficient credits at submit", (s, _, _) => s.Behavior.SubmitFault = SubmitFault.InsufficientCredits),
            await RunAsync("429 at submit (after the client's 2 retries)", (s, _, _) => s.Behavior.RateLimitNextRequests = int.MaxValue),
            await RunAsync("connection refused", (_, _, settings) => settings["Providers:Segmind:BaseUrl"] = $"http://127.0.0.1:{LoopbackPorts.Free()}/"),
            await RunAsync("500 after accepting (ambiguous)", (s, _, _) => s.Behavior.SubmitFault = SubmitFault.ServerErrorAfterAccept),
            await RunAsync("timeout after accepting (ambiguous)", (s, _, settings) =>
            {
                s.Behavior.SubmitFault = SubmitFault.TimeoutAfterAccept;
                s.Behavior.SubmitHang = TimeSpan.FromSeconds(3);
                settings["Resilience:AttemptTimeout"] = "00:00:01";
            }),
            await RunAsync("job FAILED at Segmind", (s, _, _) => s.Behavior.FailJobsWith = "The model could not render this prompt."),
            await RunAsync("job FAILED at Segmind, fallbackOnFailure", (s, _, _) => s.Behavior.FailJobsWith = "The model could not render this prompt.",
                fallbackOnFailure: true),
            await RunAsync("none, provider \"auto\" (GMI priced, Runware $0.05)", (_, _, settings) => settings["Pricing:Runware:ImageUsd"] = "0.05",
                provider: "auto"),
            await RunAsync("none, \"auto\" with style manga (GMI cannot)", (_, _, settings) => settings["Pricing:Runware:ImageUsd"] = "0.05",
                provider: "auto", style: "manga"),
            await RunAsync("none, provider \"runware\" (reports its cost)", (_, _, _) => { }, provider: "runware"),
            await RunAsync("none, provider \"segmind\" (reports metrics.cost)", (_, _, _) => { }, provider: "segmind"),
        };

        Console.WriteLine("## Failover matrix");
        Console.WriteLine();
        Console.WriteLine("| Segmind (first candidate) | Ended | Failed over? | Attempts | Segmind submit requests | Jobs at Segmind / GMI Cloud / Runware |");
        Console.WriteLine("|---|---|---|---|---:|---|");
        foreach (var row in rows)
        {
            var attempts = row.Done.Attempts ?? [];
            var failedOver = attempts.Count > 1 ? "yes" : "no";
            Console.WriteLine($"| {row.Cause} | {row.Done.Status} on {row.Done.Provider}{(row.Done.Error is { } e ? $" ({e.Code})" : "")} | {failedOver} | " +
                $"{string.Join(" → ", attempts.Select(a => $"{a.Provider} {a.Outcome}{(a.Error is { } ae ? $" ({ae.Code})" : "")}"))} | {row.SegmindRequests} | " +
                $"{row.SegmindJobs} / {row.GmiJobs} / {row.RunwareJobs} |");
        }

        Console.WriteLine();
        Console.WriteLine("## Cost per generation");
        Console.WriteLine();
        Console.WriteLine("| Generation | Provider | Attempt costs | Total | Basis |");
        Console.WriteLine("|---|---|---|---:|---|");
        foreach (var row in rows)
        {
            var attempts = row.Done.Attempts ?? [];
            Console.WriteLine($"| {row.Cause} | {row.Done.Provider} | {string.Join("; ", attempts.Select(a => $"{a.Provider}: {Usd(a.Cost?.Usd)} {a.Cost?.Basis}"))} | " +
                $"{Usd(row.Done.Cost?.Usd)} | {row.Done.Cost?.Basis ?? "-"} |");
        }

        await CircuitTimelineAsync();
    }

    /// <summary>A scripted Segmind outage (every request answered 429 from t=0 s to t=6 s) under a steady flow of
    /// <c>"auto"</c> generations, one a second, with Segmind the cheapest: the circuit's state before each start, and
    /// where each generation ran.</summary>
    public static async Task CircuitTimelineAsync()
    {
        await using var segmind = new SegmindSimulator();
        await using var gmi = new GmiCloudSimulator();
        await segmind.StartAsync();
        await gmi.StartAsync();
        segmind.Behavior.JobDuration = gmi.Behavior.JobDuration = TimeSpan.FromMilliseconds(300);
        segmind.Behavior.RateLimitWait = TimeSpan.FromMilliseconds(50);
        var settings = new Dictionary<string, string?>
        {
            ["Providers:Segmind:ApiKey"] = segmind.ApiKey,
            ["Providers:Segmind:BaseUrl"] = segmind.BaseUrl.ToString(),
            ["Providers:GmiCloud:ApiKey"] = gmi.ApiKey,
            ["Providers:GmiCloud:BaseUrl"] = gmi.ApiBaseUrl.ToString(),
            ["Pricing:Segmind:ImageUsd"] = "0.02",
            ["Resilience:MaxDelay"] = "00:00:00.100",
            ["Routing:Circuit:MinimumThroughput"] = "2",
            ["Routing:Circuit:FailureRatio"] = "0.5",
            ["Routing:Circuit:SamplingDuration"] = "00:00:10",
            ["Routing:Circuit:BreakDuration"] = "00:00:04",
            ["Pipeline:Polling:segmind:FirstPollAfter"] = "00:00:00.400",
            ["Pipeline:Polling:gmicloud:FirstPollAfter"] = "00:00:00.400",
        };
        var (app, data) = await BenchmarkHost.StartAsync(settings);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var started = new List<(int Second, string State, string ErrorRate, string Id)>();
            segmind.Behavior.RateLimitNextRequests = int.MaxValue;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var second = 0; second < 14; second++)
            {
                var wait = TimeSpan.FromSeconds(second) - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                if (second == 6) segmind.Behavior.RateLimitNextRequests = 0; // the outage ends
                var health = JsonDocument.Parse(await http.GetStringAsync("api/health")).RootElement.GetProperty("circuits").GetProperty("segmind");
                using var response = await http.PostAsJsonAsync("api/generations", new { prompt = $"lighthouse {second}", provider = "auto" });
                var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
                started.Add((second, health.GetProperty("state").GetString()!,
                    $"{health.GetProperty("errorRate").GetDouble():0.00} ({health.GetProperty("failures").GetInt32()}/{health.GetProperty("calls").GetInt32()})", id));
            }

            Console.WriteLine();
            Console.WriteLine("## Segmind's circuit over a scripted outage (429 on every request from t=0 s to t=6 s)");
            Console.WriteLine();
            Console.WriteLine("| t (s) | Segmind outage | Circuit before the start | Error rate (failures/calls) | Ran on | Attempts |");
            Console.WriteLine("|---:|---|---|---|---|---|");
            foreach (var (second, state, errorRate, id) in started)
            {
                var done = await WaitAsync(http, id);
                Console.WriteLine($"| {second} | {(second < 6 ? "yes" : "no")} | {state} | {errorRate} | {done.Provider} | " +
                    $"{string.Join(" → ", (done.Attempts ?? []).Select(a => $"{a.Provider} {a.Outcome}{(a.Error is { } e ? $" ({e.Code})" : "")}"))} |");
            }
            Console.WriteLine();
            Console.WriteLine($"Jobs created: Segmind {segmind.SubmitCount}, GMI Cloud {gmi.SubmitCount}; submit requests Segmind answered: " +
                $"{segmind.AnsweredRequests.Count(r => r.Method == "POST")}");
        }
        finally
        {
            await BenchmarkHost.StopAsync(app, data);
        }
    }

    static async Task<GenerationStatusDocument> WaitAsync(HttpClient http, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var done = (await http.GetFromJsonAsync<GenerationStatusDocument>($"api/generations/{id}", WorkflowJson.Options))!;
            if (done.Status.IsTerminal()) return done;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"generation {id} stuck at {done.Status}");
            await Task.Delay(100);
        }
    }

    static string Usd(decimal? usd) => usd is { } value ? "$" + value.ToString("0.0000", CultureInfo.InvariantCulture) : "unknown";

    static async Task<Row> RunAsync(string cause, Action<SegmindSimulator, GmiCloudSimulator, Dictionary<string, string?>> script,
        bool fallbackOnFailure = false, string? provider = null, string? style = null)
    {
        await using var segmind = new SegmindSimulator();
        await using var gmi = new GmiCloudSimulator();
        await using var runware = new RunwareSimulator();
        await segmind.StartAsync();
        await gmi.StartAsync();
        await runware.StartAsync();
        foreach (var behavior in new[] { segmind.Behavior, gmi.Behavior, runware.Behavior })
        {
            behavior.JobDuration = TimeSpan.FromMilliseconds(300);
            behavior.RateLimitWait = TimeSpan.FromMilliseconds(50);
        }
        var settings = new Dictionary<string, string?>
        {
            ["Providers:Segmind:ApiKey"] = segmind.ApiKey,
            ["Providers:Segmind:BaseUrl"] = segmind.BaseUrl.ToString(),
            ["Providers:GmiCloud:ApiKey"] = gmi.ApiKey,
            ["Providers:GmiCloud:BaseUrl"] = gmi.ApiBaseUrl.ToString(),
            ["Providers:Runware:ApiKey"] = runware.ApiKey,
            ["Providers:Runware:BaseUrl"] = runware.ApiUrl.ToString(),
            ["Resilience:MaxDelay"] = "00:00:00.100",
            ["Resilience:BaseDelay"] = "00:00:00.020",
            ["Pipeline:SubmitLookupGrace"] = "00:00:01",
            ["Pipeline:SubmitLookupInterval"] = "00:00:00.300",
        };
        foreach (var name in new[] { "segmind", "gmicloud", "runware" })
        {
            settings[$"Pipeline:Polling:{name}:FirstPollAfter"] = "00:00:00.400";
            settings[$"Pipeline:Polling:{name}:Interval"] = "00:00:00.300";
        }
        script(segmind, gmi, settings);

        var (app, data) = await BenchmarkHost.StartAsync(settings);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            object selection = provider is null ? new[] { "segmind", "gmicloud" } : provider;
            using var response = await http.PostAsJsonAsync("api/generations",
                new { prompt = "a lighthouse at dusk", provider = selection, fallbackOnFailure, style });
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{cause}: start answered {(int)response.StatusCode} {body}");
            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var done = (await http.GetFromJsonAsync<GenerationStatusDocument>($"api/generations/{id}", WorkflowJson.Options))!;
                if (done.Status.IsTerminal())
                {
                    var requests = segmind.AnsweredRequests.Count(r => r.Method == "POST" && r.Path.StartsWith("/v2/", StringComparison.Ordinal));
                    return new Row(cause, done, requests, segmind.SubmitCount, gmi.SubmitCount, runware.SubmitCount);
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{cause}: generation {id} stuck at {done.Status}");
                await Task.Delay(100);
            }
        }
        finally
        {
            await BenchmarkHost.StopAsync(app, data);
        }
    }
}
