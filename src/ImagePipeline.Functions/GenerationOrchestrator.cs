using ImagePipeline.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace ImagePipeline.Functions;

/// <summary>The orchestrator function: the host-agnostic generation workflow on Durable Functions. Only small records
/// and blob URIs pass through its history; images never do.</summary>
public static class GenerationOrchestrator
{
    [Function(GenerationWorkflow.Name)]
    public static Task<GenerationOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<GenerationWorkflowInput>()
            ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} has no {nameof(GenerationWorkflowInput)}.");
        return GenerationWorkflow.RunAsync(new DurableWorkflowContext(context), input);
    }
}
