namespace ImagePipeline.Providers;

/// <summary>What a provider itself says a job cost, in US dollars (Runware's <c>cost</c> with <c>includeCost</c>,
/// Segmind's <c>metrics.cost</c>). Absent when the provider does not say: never filled in from a price list here.</summary>
public sealed record ProviderCost(decimal Usd);
