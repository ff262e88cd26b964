namespace ImagePipeline.Workflow;

/// <summary>Whether the runtime can write its durable state right now. Implemented by the embedded runtime (its
/// journal lives in a local data folder that can fill up or turn read-only); the Functions host has none, since
/// Durable's own store is Azure's to keep available.</summary>
public interface IWorkflowStoreHealth
{
    WorkflowStoreHealth Current { get; }
}
