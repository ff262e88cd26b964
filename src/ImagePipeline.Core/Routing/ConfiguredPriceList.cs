using ImagePipeline.Generation;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Routing;

/// <summary><see cref="IProviderPriceList"/> over the <c>Pricing</c> settings.</summary>
public sealed class ConfiguredPriceList(IOptions<PricingOptions> options) : IProviderPriceList
{
    public decimal? PricePerImage(string provider, string model, GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        return options.Value.TryGetValue(provider, out var pricing) ? pricing.For(model, isEdit: request.Image is not null) : null;
    }
}
