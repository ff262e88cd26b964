using ImagePipeline.Generation;

namespace ImagePipeline.Workflow;

/// <summary>The workflow's input: the validated request with provider and model resolved, when it was accepted,
/// and the deadlines and polling plan fixed at that moment (inputs, so replays see the same values).</summary>
/// <param name="Rejection">Set when the entry point already knows the request cannot run (a dropped file that is not an
/// image, has no prompt, is too large, …): the workflow then records Failed with this error and notifies the caller,
/// without calling the provider, so such drops are reported like any other failure.</param>
/// <param name="SubmitLookup">Null in instances started before it existed: a submit of unknown fate then ends at once.</param>
/// <param name="Retry">Set when this generation repeats an earlier one on the caller's request.</param>
/// <param name="Routing">The providers to try in order (<see cref="Provider"/>/<see cref="Model"/> are the first); null
/// in instances started before routing, which run on <see cref="Provider"/> alone and record no attempts.</param>
public sealed record GenerationWorkflowInput(
    string GenerationId,
    GenerationRequest Request,
    string Provider,
    string Model,
    DateTimeOffset CreatedAt,
    TimeSpan JobTimeout,
    PollingPlan Polling,
    Providers.ProviderError? Rejection = null,
    SubmitLookupPlan? SubmitLookup = null,
    GenerationRetry? Retry = null,
    Routing.RoutingDecision? Routing = null);
