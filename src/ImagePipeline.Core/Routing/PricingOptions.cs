using ImagePipeline.Generation;

namespace ImagePipeline.Routing;

/// <summary>The <c>Pricing</c> settings: prices per provider (<c>Pricing__{provider}__ImageUsd</c>, <c>…__EditUsd</c>),
/// used to estimate a job's cost where the provider does not report one and to rank providers for <c>"auto"</c>.
/// Only GMI Cloud is priced by default, at its published $0.0404 per text-to-image and $0.0434 per edit; every other
/// provider is unpriced (its unreported costs stay unknown) until configured.</summary>
public sealed class PricingOptions : Dictionary<string, ProviderPricing>
{
    public const string SectionName = "Pricing";
    public const decimal GmiCloudImageUsd = 0.0404m;
    public const decimal GmiCloudEditUsd = 0.0434m;

    public PricingOptions() : base(StringComparer.OrdinalIgnoreCase)
    {
        this[ProviderNames.GmiCloud] = new ProviderPricing { ImageUsd = GmiCloudImageUsd, EditUsd = GmiCloudEditUsd };
    }
}
