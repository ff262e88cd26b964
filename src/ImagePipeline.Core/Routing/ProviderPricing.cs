namespace ImagePipeline.Routing;

/// <summary>One provider's prices (<c>Pricing:{provider}:ImageUsd</c>, <c>…:EditUsd</c>), optionally per model
/// (<c>Pricing:{provider}:Models:{model}:ImageUsd</c>). A ':' in a model id cannot be part of a settings key, so it is
/// written as '_' there (Runware's <c>luma:uni@1</c> as <c>luma_uni@1</c>).</summary>
public sealed class ProviderPricing : ImagePrices
{
    public Dictionary<string, ImagePrices> Models { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The model's own price for the kind when it has one, else the provider's.</summary>
    public decimal? For(string model, bool isEdit)
    {
        ArgumentNullException.ThrowIfNull(model);
        var own = Models.TryGetValue(model, out var exact) ? exact
            : Models.TryGetValue(model.Replace(':', '_'), out var aliased) ? aliased
            : null;
        return own?.For(isEdit) ?? For(isEdit);
    }
}
