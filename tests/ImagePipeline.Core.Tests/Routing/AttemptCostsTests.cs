using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Routing;

namespace ImagePipeline.Tests.Routing;

public sealed class AttemptCostsTests
{
    static ProviderJobStatus Ended(ProviderJobState state, decimal? reportedUsd = null) => new()
    {
        JobId = "job-1", State = state, Cost = reportedUsd is { } usd ? new ProviderCost(usd) : null,
    };

    [Fact]
    public void The_providers_own_figure_wins_over_the_price_list()
    {
        var cost = Of(Ended(ProviderJobState.Succeeded, 0.09m), pricePerImage: 0.0404m, images: 2);

        Assert.Equal(new AttemptCost(0.09m, CostBasis.Reported), cost);
    }

    [Fact]
    public void A_reported_figure_of_a_failed_job_is_still_what_it_cost()
    {
        Assert.Equal(new AttemptCost(0.01m, CostBasis.Reported), Of(Ended(ProviderJobState.Failed, 0.01m), 0.0404m, 1));
    }

    [Fact]
    public void Without_a_reported_figure_a_success_is_estimated_from_the_price_per_image()
    {
        var cost = Of(Ended(ProviderJobState.Succeeded), pricePerImage: 0.0434m, images: 3);

        Assert.Equal(new AttemptCost(0.1302m, CostBasis.Estimated), cost);
    }

    [Fact]
    public void Without_a_figure_or_a_price_the_cost_is_unknown_not_zero()
    {
        Assert.Equal(AttemptCost.Unknown, Of(Ended(ProviderJobState.Succeeded), pricePerImage: null, images: 1));
    }

    [Theory]
    [InlineData(ProviderJobState.Failed)]
    [InlineData(ProviderJobState.Canceled)]
    [InlineData(ProviderJobState.Running)]
    public void A_job_that_did_not_succeed_is_not_estimated(ProviderJobState state)
    {
        Assert.Equal(AttemptCost.Unknown, Of(Ended(state), pricePerImage: 0.0404m, images: 1));
    }

    [Fact]
    public void A_job_of_unknown_fate_is_unknown()
    {
        Assert.Equal(AttemptCost.Unknown, Of(null, pricePerImage: 0.0404m, images: 1));
    }

    static AttemptCost Of(ProviderJobStatus? status, decimal? pricePerImage, int images) =>
        AttemptCosts.Of(status?.State, status?.Cost, pricePerImage, images);
}
