namespace ImagePipeline.Routing;

/// <summary>A provider (and its model for the request) the generation may run on, in the order it is tried.</summary>
/// <param name="PricePerImageUsd">The configured price of one image of this request there, when one is configured.</param>
public sealed record ProviderCandidate(string Provider, string Model, decimal? PricePerImageUsd = null);
