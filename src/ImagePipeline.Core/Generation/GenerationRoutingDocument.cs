namespace ImagePipeline.Generation;

/// <summary>The status document's <c>routing</c>: what was asked for, the providers in the order they are tried, which
/// one the generation runs (or ended) on, why, and what excluded the others.</summary>
public sealed record GenerationRoutingDocument(
    string Requested,
    IReadOnlyList<string> Candidates,
    string Chosen,
    string Reason,
    IReadOnlyDictionary<string, string>? Excluded = null);
