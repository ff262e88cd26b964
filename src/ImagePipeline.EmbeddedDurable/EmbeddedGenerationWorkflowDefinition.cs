using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable;

/// <summary>The generation workflow the embedded runtime runs (its input is a <see cref="GenerationWorkflowInput"/>),
/// registered by the host as a singleton so the runtime can be built from dependency injection.</summary>
public sealed record EmbeddedGenerationWorkflowDefinition(Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> Workflow);
