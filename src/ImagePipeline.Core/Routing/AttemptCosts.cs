using ImagePipeline.Generation;
using ImagePipeline.Providers;

namespace ImagePipeline.Routing;

/// <summary>What one attempt cost, from how it ended: the provider's own figure when it gave one, else the configured
/// price for the images it made (flagged estimated), else unknown — never a made-up number.</summary>
public static class AttemptCosts
{
    /// <param name="endedIn">The job's last state; null when its fate is not known.</param>
    /// <param name="reported">The provider's own figure from that last status, if it gave one.</param>
    /// <param name="pricePerImage">From <see cref="IProviderPriceList"/>; null when none is configured.</param>
    /// <param name="images">How many images the job made (what a price list charges for).</param>
    public static AttemptCost Of(ProviderJobState? endedIn, ProviderCost? reported, decimal? pricePerImage, int images)
    {
        if (reported is not null) return new AttemptCost(reported.Usd, CostBasis.Reported);
        // A failed job is not estimated: whether a provider bills a failure is not in its price list.
        if (endedIn == ProviderJobState.Succeeded && pricePerImage is { } price && images > 0)
            return new AttemptCost(price * images, CostBasis.Estimated);
        return AttemptCost.Unknown;
    }
}
