using ImagePipeline.Generation;

namespace ImagePipeline.Workflow;

/// <summary>The workflow's input: the validated request, with provider and model resolved, and when it was accepted.</summary>
public sealed record GenerationWorkflowInput(
    string GenerationId,
    GenerationRequest Request,
    string Provider,
    string Model,
    DateTimeOffset CreatedAt,
    TimeSpan JobTimeout);
