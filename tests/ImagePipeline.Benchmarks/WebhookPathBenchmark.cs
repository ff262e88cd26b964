using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Diagnostics;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Webhooks;

namespace ImagePipeline.Benchmarks;

/// <summary>
/// Issue 11 item 4: provider finish → caller webhook received through the provider's webhook, with a real-size output
/// archived to disk and then to Azurite. Generations are started a spacing apart (200 ms unless told) so their finishes
/// do not queue behind each other: this is one generation's latency, not a burst's. The pipeline's own activities
/// (<see cref="PipelineTelemetry"/>) break each generation's time into stages.
/// </summary>
static class WebhookPathBenchmark
{
    static readonly TimeSpan JobDuration = TimeSpan.FromSeconds(1);
    const int WarmUp = 10;

    public static async Task RunAsync(int count, int outputBytes, TimeSpan spacing)
    {
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();
        runware.Behavior.JobDuration = JobDuration;
        runware.Behavior.OutputBytes = outputBytes;
        var settings = new Dictionary<string, string?>
        {
            ["Pipeline:DefaultProvider"] = "runware",
            ["Providers:Runware:ApiKey"] = runware.ApiKey,
            ["Providers:Runware:BaseUrl"] = runware.ApiUrl.ToString(),
            ["Pipeline:Polling:runware:FirstPollAfter"] = "01:00:00",
        };
        await MeasureAsync($"disk, {outputBytes / 1_000_000.0:F1} MB output", runware, count, spacing, settings);

        await using var azurite = await AzuriteServer.StartAsync();
        settings["Storage:ConnectionString"] = azurite.ConnectionString;
        await MeasureAsync($"Azurite, {outputBytes / 1_000_000.0:F1} MB output", runware, count, spacing, settings);
    }

    static async Task MeasureAsync(string label, RunwareSimulator simulator, int count, TimeSpan spacing, Dictionary<string, string?> settings)
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            // The steps' source and the API's (where the provider callback is traced).
            ShouldListenTo = source => source.Name is PipelineTelemetry.SourceName or ApiTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var receiver = await WebhookReceiver.StartAsync();
        var port = LoopbackPorts.Free();
        settings["Pipeline:PublicBaseUrl"] = $"http://127.0.0.1:{port}/";
        var (app, data) = await BenchmarkHost.StartAsync(settings, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var total = WarmUp + count;
        var started = new List<Task<string>>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = spacing * i;
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            started.Add(StartAsync(http, receiver, i));
        }
        var generations = await Task.WhenAll(started);
        try
        {
            await receiver.WaitForDeliveryAsync(total, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Reported, not fatal: a lost generation is a finding, and the others still have their figures.
            var notified = receiver.Deliveries.Select(d => JsonDocument.Parse(d.BodyText).RootElement.GetProperty("id").GetString()).ToHashSet();
            foreach (var missing in generations.Where(g => !notified.Contains(g)))
            {
                var seen = activities.Where(a => (string?)a.GetTagItem(PipelineTelemetry.GenerationIdTag) == missing)
                    .Select(a => $"{a.DisplayName}:{a.Status}");
                using var status = await http.GetAsync($"api/generations/{missing}");
                Console.WriteLine($"  NOT NOTIFIED {missing}: activities [{string.Join(", ", seen)}], status {await status.Content.ReadAsStringAsync()}");
            }
        }
        await BenchmarkHost.StopAsync(app, data);

        var byGeneration = activities
            .Select(a => (Generation: a.GetTagItem(PipelineTelemetry.GenerationIdTag) as string, Activity: a))
            .Where(x => x.Generation is not null)
            .ToLookup(x => x.Generation!, x => x.Activity);
        var timelines = receiver.Deliveries
            .Select(d => Timeline.Of(d, simulator, byGeneration))
            .OrderBy(t => t.Finished)
            .Skip(WarmUp)
            .ToList();

        Console.WriteLine($"webhook path, {label}: n={timelines.Count}, generations {spacing.TotalMilliseconds:F0} ms apart, job {JobDuration.TotalSeconds:F0} s");
        Report("provider finish → caller webhook received", timelines.Select(t => t.Total));
        foreach (var (stage, select) in Timeline.Stages) Report("  " + stage, timelines.Select(select));
    }

    static async Task<string> StartAsync(HttpClient http, WebhookReceiver receiver, int i)
    {
        using var response = await http.PostAsJsonAsync("api/generations", new { prompt = $"webhook path {i}", callbackUrl = receiver.Url.ToString() });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    static void Report(string what, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.WriteLine($"  {what,-52} p50 {NotificationLatencyBenchmark.Percentile(sorted, 0.5),7:F1} ms  " +
            $"p95 {NotificationLatencyBenchmark.Percentile(sorted, 0.95),7:F1} ms  p99 {NotificationLatencyBenchmark.Percentile(sorted, 0.99),7:F1} ms  " +
            $"max {sorted[^1],7:F1} ms");
    }

    /// <summary>One generation from the provider finishing to the caller's webhook arriving, by its activities.</summary>
    sealed record Timeline(DateTime Finished, DateTime CallbackStart, DateTime CallbackEnd, DateTime CheckStart, DateTime CheckEnd,
        DateTime ArchiveStart, DateTime ArchiveEnd, DateTime NotifyStart, DateTime Received)
    {
        public double Total => (Received - Finished).TotalMilliseconds;

        public static readonly (string Stage, Func<Timeline, double> Select)[] Stages =
        [
            ("provider finish → callback request arrives", t => Ms(t.Finished, t.CallbackStart)),
            ("callback accepted (event kept)", t => Ms(t.CallbackStart, t.CallbackEnd)),
            ("event kept → confirming status read starts", t => Ms(t.CallbackEnd, t.CheckStart)),
            ("confirming status read", t => Ms(t.CheckStart, t.CheckEnd)),
            ("status read done → archive starts", t => Ms(t.CheckEnd, t.ArchiveStart)),
            ("archive (download + store)", t => Ms(t.ArchiveStart, t.ArchiveEnd)),
            ("archive done → notify starts", t => Ms(t.ArchiveEnd, t.NotifyStart)),
            ("notify starts → caller receives", t => Ms(t.NotifyStart, t.Received)),
        ];

        static double Ms(DateTime from, DateTime to) => (to - from).TotalMilliseconds;

        public static Timeline Of(ReceivedWebhook delivery, RunwareSimulator simulator, ILookup<string, Activity> byGeneration)
        {
            var body = JsonDocument.Parse(delivery.BodyText).RootElement;
            var generation = body.GetProperty("id").GetString()!;
            var jobId = body.GetProperty("providerJobId").GetString()!;
            var activities = byGeneration[generation].ToList();
            Activity Step(string name) => activities.Last(a => a.OperationName == PipelineTelemetry.StepActivity
                && (string?)a.GetTagItem(PipelineTelemetry.StepTag) == name);
            var callback = activities.First(a => a.OperationName == PipelineTelemetry.CallbackActivity);
            var check = Step(Workflow.Steps.GenerationStepNames.CheckStatus);
            var archive = Step(Workflow.Steps.GenerationStepNames.ArchiveOutput);
            var notify = Step(Workflow.Steps.GenerationStepNames.Notify);
            return new Timeline(simulator.JobFinishTimes[jobId].UtcDateTime, callback.StartTimeUtc, End(callback), check.StartTimeUtc, End(check),
                archive.StartTimeUtc, End(archive), notify.StartTimeUtc, delivery.ReceivedAt.UtcDateTime);
        }

        static DateTime End(Activity activity) => activity.StartTimeUtc + activity.Duration;
    }
}
