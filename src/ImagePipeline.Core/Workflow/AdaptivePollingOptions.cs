using ImagePipeline.Generation;

namespace ImagePipeline.Workflow;

/// <summary>Learning polling plans from each provider's recent latencies (configuration section
/// <c>Pipeline:AdaptivePolling</c>). With fewer than <see cref="MinSamples"/> completed jobs for a provider and model, the
/// configured/default plan (<see cref="PollingOptions"/>) is used.</summary>
public sealed class AdaptivePollingOptions
{
    public const string SectionName = "Pipeline:AdaptivePolling";

    public bool Enabled { get; set; } = true;

    /// <summary>Completed jobs needed before a plan is learned.</summary>
    public int MinSamples { get; set; } = 20;

    /// <summary>How many recent latencies are kept per provider and model.</summary>
    public int History { get; set; } = 200;

    /// <summary>The first look goes at this quantile of recent latencies: jobs that finish earlier wait for it.</summary>
    public double FirstLookQuantile { get; set; } = 0.25;

    /// <summary>Dense looks continue up to this quantile; later jobs are looked at every <see cref="MaxInterval"/>
    /// (or the configured plan's interval, if shorter).</summary>
    public double DenseUntilQuantile { get; set; } = 0.95;

    /// <summary>The dense interval is the interquartile range divided by this (a wider spread looks less often).</summary>
    public double LooksPerInterquartileRange { get; set; } = 8;

    public TimeSpan MinFirstPollAfter { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxFirstPollAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Never look at one job more often than this, whatever was learned (also see <see cref="MinInterval"/>).</summary>
    public TimeSpan MinIntervalFloor { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Per provider, the shortest time between two status reads of one job its rate limit allows
    /// (<c>Pipeline:AdaptivePolling:MinInterval:{provider}</c>). Segmind's Pro plan allows 50 requests a minute (1.2 s);
    /// on its free plan (5 a minute) set 12 s. Runware has no hard limit.</summary>
    public Dictionary<string, TimeSpan> MinInterval { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [ProviderNames.Segmind] = TimeSpan.FromSeconds(2),
        [ProviderNames.Scenario] = TimeSpan.FromSeconds(2),
        [ProviderNames.Runware] = TimeSpan.FromSeconds(1),
        [ProviderNames.GmiCloud] = TimeSpan.FromSeconds(2),
        [ProviderNames.Luma] = TimeSpan.FromSeconds(2),
        [ProviderNames.Mock] = TimeSpan.FromSeconds(1),
    };

    /// <summary>The shortest interval for <paramref name="provider"/>: its rate limit, never below <see cref="MinIntervalFloor"/>.</summary>
    public TimeSpan MinIntervalFor(string provider) =>
        MinInterval.TryGetValue(provider, out var limit) && limit > MinIntervalFloor ? limit : MinIntervalFloor;
}
