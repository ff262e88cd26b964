using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable;

/// <summary>The workflow the embedded runtime runs, registered by the host as a singleton so the runtime can be built
/// from dependency injection.</summary>
public sealed record EmbeddedWorkflowDefinition(Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> Workflow);
