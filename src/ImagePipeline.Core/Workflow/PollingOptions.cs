using ImagePipeline.Generation;

namespace ImagePipeline.Workflow;

/// <summary>Per-provider polling plans (configuration section <c>Pipeline:Polling:{provider}</c>). Defaults follow
/// each provider's published typical latency: Uni-1 takes roughly 30–90 s.</summary>
public sealed class PollingOptions
{
    /// <summary>The plans are under <c>Pipeline:Polling</c>, bound into <see cref="Polling"/>.</summary>
    public const string SectionName = "Pipeline";

    /// <summary>The built-in plans (the mock's first look follows its <c>Providers:Mock:Delay</c>).</summary>
    public Dictionary<string, PollingPlan> Providers { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [ProviderNames.Segmind] = new(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(5)),
        [ProviderNames.Scenario] = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10)),
        [ProviderNames.Runware] = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)),
        [ProviderNames.GmiCloud] = new(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(5)),
        [ProviderNames.Luma] = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)),
        [ProviderNames.Mock] = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)),
    };

    /// <summary>The configured overrides by provider (<c>Pipeline:Polling:{provider}:FirstPollAfter</c> / <c>:Interval</c>).</summary>
    public Dictionary<string, PollingPlanSettings> Polling { get; } = new(StringComparer.OrdinalIgnoreCase);

    public PollingPlan For(string provider)
    {
        var plan = Providers.TryGetValue(provider, out var builtIn) ? builtIn : new PollingPlan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
        return Polling.TryGetValue(provider, out var configured)
            ? new PollingPlan(configured.FirstPollAfter ?? plan.FirstPollAfter, configured.Interval ?? plan.Interval)
            : plan;
    }
}
