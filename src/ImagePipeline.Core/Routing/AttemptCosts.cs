using ImagePipeline.Providers;

namespace ImagePipeline.Routing;

/// <summary>What one attempt cost, from how it ended: the provider's own figure when it gave one, else the configured
/// price for the images it made (flagged estimated), else unknown — never a made-up number.</summary>
public static class AttemptCosts
{
    /// <param name="finalStatus">The job's last status; null when its fate is not known.</param>
    /// <param name="pricePerImage">From <see cref="IProviderPriceList"/>; null when none is configured.</param>
    /// <param name="images">How many images the job made (what a price list charges for).</param>
    public static AttemptCost Of(ProviderJobStatus? finalStatus, decimal? pricePerImage, int images)
    {
        if (finalStatus?.Cost is { } reported) return new AttemptCost(reported.Usd, CostBasis.Reported);
        // A failed job is not estimated: whether a provider bills a failure is not in its price list.
        if (finalStatus?.State == ProviderJobState.Succeeded && pricePerImage is { } price && images > 0)
            return new AttemptCost(price * images, CostBasis.Estimated);
        return AttemptCost.Unknown;
    }
}
