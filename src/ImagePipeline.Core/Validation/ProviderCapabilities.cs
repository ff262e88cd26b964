namespace ImagePipeline.Validation;

/// <summary>A provider's models and what each accepts.</summary>
public sealed record ProviderCapabilities(string Provider, string DefaultModel, IReadOnlyList<ModelCapabilities> Models)
{
    public ModelCapabilities? FindModel(string? model) =>
        Models.FirstOrDefault(m => string.Equals(m.Model, model ?? DefaultModel, StringComparison.OrdinalIgnoreCase));
}
