using ImagePipeline.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workflow;

/// <summary>The polling plan a new generation starts with: learned from the provider and model's recent latencies when
/// there are enough, else the configured/default one. Fixed in the workflow input, so replays see the same plan.</summary>
public sealed class AdaptivePollingPlans(IOptions<PollingOptions> polling, IOptions<AdaptivePollingOptions> options, IProviderLatencyStore latencies,
    ILogger<AdaptivePollingPlans> logger)
{
    public async Task<PollingPlan> ForAsync(string provider, string model, CancellationToken cancellationToken = default)
    {
        var fallback = polling.Value.For(provider);
        if (!options.Value.Enabled) return fallback;
        IReadOnlyList<TimeSpan> history;
        try
        {
            history = await latencies.ReadRecentAsync(provider, model, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            // Learning is an optimisation: an unreadable history must not refuse a generation.
            logger.LogWarning(ex, "Latency history of {Provider} {Model} could not be read; using the default polling plan", provider, model);
            return fallback;
        }
        return AdaptivePollingPlanner.Plan(history, provider, options.Value, fallback);
    }
}
