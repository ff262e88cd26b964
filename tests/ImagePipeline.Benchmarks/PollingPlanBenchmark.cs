using System.Globalization;
using ImagePipeline.Generation;
using ImagePipeline.Workflow;

namespace ImagePipeline.Benchmarks;

/// <summary>Status reads per job and detection delay (provider finished → pipeline saw it) for three polling schedules
/// over simulated Segmind jobs, on a virtual clock (nothing sleeps; seeded, so runs repeat): (a) a read every second
/// as the vendors' SDKs do, (b) today's fixed default plan, (c) the plan learned by <see cref="AdaptivePollingPlanner"/>
/// from the jobs that finished before each one started, as the starter would. Reads count the status reads plus
/// Segmind's one result read. The schedule is walked with <see cref="PollingPlan.WaitBefore"/>, as the workflow does.</summary>
static class PollingPlanBenchmark
{
    const string Provider = ProviderNames.Segmind;
    /// <summary>A new job every few seconds, so about a dozen are in flight and history lags as it would.</summary>
    static readonly TimeSpan StartEvery = TimeSpan.FromSeconds(5);

    public static void Run(int count)
    {
        var latencies = SimulatedLatencies(count, seed: 20261130);
        var options = new AdaptivePollingOptions();
        var defaults = new PollingOptions().For(Provider);
        Console.WriteLine($"polls: {count} simulated {Provider} jobs, latency log-normal (median 60 s, sigma 0.28) clipped to 30–120 s: " +
            $"p5 {Quantile(latencies, 0.05):F1} s, median {Quantile(latencies, 0.5):F1} s, p95 {Quantile(latencies, 0.95):F1} s, max {latencies.Max():F1} s");
        Console.WriteLine($"adaptive: MinSamples {options.MinSamples}, first look at q{options.FirstLookQuantile:F2}, dense until q{options.DenseUntilQuantile:F2}, " +
            $"IQR/{options.LooksPerInterquartileRange}, min interval {options.MinIntervalFor(Provider).TotalSeconds} s");
        Console.WriteLine("schedule                         median reads  p95 reads  median delay  p95 delay  mean delay  shortest gap");

        Report("(a) every 1 s (vendor SDKs)", latencies.Select(l => Walk(new PollingPlan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), l)).ToList());
        Report($"(b) default ({defaults.FirstPollAfter.TotalSeconds} s, then {defaults.Interval.TotalSeconds} s)",
            latencies.Select(l => Walk(defaults, l)).ToList());

        // (c): each job's plan comes from the detected latencies (what the step records) of the jobs done before it started.
        var results = new List<JobResult>(count);
        var finished = new List<(TimeSpan DetectedAt, TimeSpan Latency)>();
        var learned = 0;
        for (var i = 0; i < count; i++)
        {
            var startedAt = StartEvery * i;
            var history = finished.Where(f => f.DetectedAt <= startedAt).OrderBy(f => f.DetectedAt).TakeLast(options.History).Select(f => f.Latency).ToList();
            var plan = AdaptivePollingPlanner.Plan(history, Provider, options, defaults);
            if (plan.LearnedFrom is not null) learned++;
            var result = Walk(plan, latencies[i]);
            results.Add(result);
            finished.Add((startedAt + result.DetectedAfter, result.DetectedAfter));
        }
        Report("(c) adaptive (learned)", results);
        Report("(c) adaptive, learned jobs only", results.Skip(count - learned).ToList());
        Console.WriteLine($"    {learned} of {count} jobs had a learned plan; the rest started before {options.MinSamples} had finished.");
    }

    /// <summary>Looks at the job as the workflow does until a read sees it done.</summary>
    static JobResult Walk(PollingPlan plan, double latencySeconds)
    {
        var latency = TimeSpan.FromSeconds(latencySeconds);
        var at = TimeSpan.Zero;
        var shortestGap = TimeSpan.MaxValue;
        for (var check = 0; ; check++)
        {
            var wait = plan.WaitBefore(check);
            if (check > 0 && wait < shortestGap) shortestGap = wait;
            at += wait;
            if (at >= latency) return new JobResult(check + 2, at, (at - latency).TotalSeconds, shortestGap); // + the result read
        }
    }

    static void Report(string name, List<JobResult> results)
    {
        var reads = results.Select(r => (double)r.Reads).ToArray();
        var delays = results.Select(r => r.Delay).ToArray();
        var gap = results.Min(r => r.ShortestGap);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-32} {Quantile(reads, 0.5),12:F0} {Quantile(reads, 0.95),10:F0} {Quantile(delays, 0.5),11:F2} s {Quantile(delays, 0.95),8:F2} s " +
            $"{delays.Average(),8:F2} s {(gap == TimeSpan.MaxValue ? "-" : gap.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s"),13}"));
    }

    /// <summary>Log-normal around 60 s with its natural right tail, clipped to the 30–120 s Uni-1 jobs take.</summary>
    static double[] SimulatedLatencies(int count, int seed)
    {
        var random = new Random(seed);
        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box–Muller: a standard normal from two uniforms.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            latencies[i] = Math.Clamp(60 * Math.Exp(0.28 * normal), 30, 120);
        }
        return latencies;
    }

    static double Quantile(IReadOnlyCollection<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    sealed record JobResult(int Reads, TimeSpan DetectedAfter, double Delay, TimeSpan ShortestGap);
}
