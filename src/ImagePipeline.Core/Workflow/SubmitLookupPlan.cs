namespace ImagePipeline.Workflow;

/// <summary>How long and how often the workflow looks up a submit of unknown fate by our own id before it ends
/// <c>submit_outcome_unknown</c> (<c>Pipeline:SubmitLookupGrace</c> / <c>:SubmitLookupInterval</c>, fixed at start).</summary>
public sealed record SubmitLookupPlan(TimeSpan Grace, TimeSpan Interval);
