namespace ImagePipeline.Workflow;

/// <summary>Turns a provider's recent submit→finish latencies into a polling plan: the first look at a learned quantile
/// (so most jobs are still running then and cost no wasted read), then looks spaced by the learned spread while most
/// jobs finish, then sparser ones for the tail. Pure: the same history and settings give the same plan.</summary>
public static class AdaptivePollingPlanner
{
    static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(100);

    /// <summary>The learned plan, or <paramref name="fallback"/> when there are fewer than
    /// <see cref="AdaptivePollingOptions.MinSamples"/> latencies (or learning is off).</summary>
    public static PollingPlan Plan(IReadOnlyCollection<TimeSpan> latencies, string provider, AdaptivePollingOptions options, PollingPlan fallback)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fallback);
        if (!options.Enabled || latencies.Count == 0 || latencies.Count < options.MinSamples) return fallback;

        var sorted = latencies.Select(l => l.TotalSeconds).Order().ToArray();
        var minInterval = options.MinIntervalFor(provider);
        var maxInterval = Max(options.MaxInterval, minInterval);

        var first = Clamp(Seconds(Quantile(sorted, options.FirstLookQuantile)), options.MinFirstPollAfter, Max(options.MaxFirstPollAfter, options.MinFirstPollAfter));
        var spread = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        var dense = Clamp(Seconds(spread / options.LooksPerInterquartileRange), minInterval, maxInterval);
        var denseUntil = Seconds(Quantile(sorted, options.DenseUntilQuantile));
        var denseLooks = denseUntil > first ? (int)Math.Ceiling((denseUntil - first) / dense) : 0;
        var tail = Clamp(Max(dense, fallback.Interval), minInterval, maxInterval);

        return new PollingPlan(first, dense, denseLooks, tail, latencies.Count);
    }

    /// <summary>Linear interpolation between the closest ranks of a sorted sample.</summary>
    static double Quantile(double[] sorted, double q)
    {
        var position = Math.Clamp(q, 0, 1) * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Max(0, seconds));

    /// <summary>Rounded up so a bound (the rate-limit interval) is never undercut by rounding.</summary>
    static TimeSpan Round(TimeSpan value) => TimeSpan.FromTicks((value.Ticks + Resolution.Ticks - 1) / Resolution.Ticks * Resolution.Ticks);

    static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => Round(value < min ? min : value > max ? max : value) is var rounded && rounded > max ? max : rounded;

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
