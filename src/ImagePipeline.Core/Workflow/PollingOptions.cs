using ImagePipeline.Generation;

namespace ImagePipeline.Workflow;

/// <summary>Per-provider polling plans (configuration section <c>Pipeline:Polling:{provider}</c>). Defaults follow
/// each provider's published typical latency: Uni-1 takes roughly 30–90 s.</summary>
public sealed class PollingOptions
{
    public Dictionary<string, PollingPlan> Providers { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [ProviderNames.Segmind] = new(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(5)),
        [ProviderNames.Scenario] = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10)),
        [ProviderNames.Runware] = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)),
        [ProviderNames.GmiCloud] = new(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(5)),
        [ProviderNames.Luma] = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)),
        [ProviderNames.Mock] = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)),
    };

    public PollingPlan For(string provider) =>
        Providers.TryGetValue(provider, out var plan) ? plan : new PollingPlan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
}
