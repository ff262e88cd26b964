using ImagePipeline.Generation;

namespace ImagePipeline.Routing;

/// <summary>The configured prices (<c>Pricing</c> settings, GMI Cloud's published prices by default): used to rank
/// providers for <c>"auto"</c> and to estimate a job's cost where the provider does not report one.</summary>
public interface IProviderPriceList
{
    /// <summary>The price of one output image of <paramref name="request"/> (an edit when it has a source image), or
    /// null when no price is configured for the provider and model.</summary>
    decimal? PricePerImage(string provider, string model, GenerationRequest request);
}
