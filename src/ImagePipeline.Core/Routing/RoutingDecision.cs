namespace ImagePipeline.Routing;

/// <summary>Where a generation may run, fixed when it is accepted (a workflow input, so every replay sees the same
/// order): the candidates in the order they are tried, why that order, and what excluded the other providers.</summary>
/// <param name="Requested">The request's <c>provider</c> as given: a name, a comma-joined list, "auto", or "default".</param>
public sealed record RoutingDecision(
    string Requested,
    IReadOnlyList<ProviderCandidate> Candidates,
    string Reason,
    IReadOnlyDictionary<string, string>? Excluded = null);
