namespace ImagePipeline.Workflow;

/// <summary>The runtime's view of an instance (mirrors Durable's <c>OrchestrationRuntimeStatus</c>).</summary>
public enum WorkflowRuntimeStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
}
