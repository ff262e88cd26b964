namespace ImagePipeline.Routing;

/// <summary>A provider (and its model for the request) the generation may run on, in the order it is tried.</summary>
/// <param name="PricePerImageUsd">The configured price of one image of this request there, when one is configured.</param>
/// <param name="Polling">How this provider's job is polled, fixed at acceptance like the first one's; null only in
/// instances accepted before each candidate had its own.</param>
public sealed record ProviderCandidate(string Provider, string Model, decimal? PricePerImageUsd = null, Workflow.PollingPlan? Polling = null);
