using ImagePipeline.Generation;

namespace ImagePipeline.Workflow;

/// <summary>The workflow's input: the validated request with provider and model resolved, when it was accepted,
/// and the deadlines and polling plan fixed at that moment (inputs, so replays see the same values).</summary>
public sealed record GenerationWorkflowInput(
    string GenerationId,
    GenerationRequest Request,
    string Provider,
    string Model,
    DateTimeOffset CreatedAt,
    TimeSpan JobTimeout,
    PollingPlan Polling);
