namespace ImagePipeline.Workflow.Steps;

/// <summary>Dispatches the generation steps by name for the embedded runtime, from <see cref="GenerationStepDefinitions"/>.</summary>
public sealed class GenerationStepInvoker(GenerationSteps steps) : WorkflowStepInvoker<GenerationSteps>(steps, GenerationStepDefinitions.All);
