namespace ImagePipeline.Workflow;

/// <summary>What the hosts' HTTP and event entry points need from the durable runtime: start an instance under a
/// chosen id (at most once), read it, and raise events into it. Implemented over <c>DurableTaskClient</c> in the
/// Functions host and by the embedded runtime in the standalone host.</summary>
public interface IWorkflowClient
{
    /// <summary>Starts the generation workflow as <paramref name="instanceId"/> unless an instance with that id exists.
    /// Returns true when this call started it.</summary>
    Task<bool> TryStartAsync(string instanceId, GenerationWorkflowInput input, CancellationToken cancellationToken = default);

    /// <summary>The instance with its serialized input, custom status and output; null when there is none.</summary>
    Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Raises an external event; a no-op when the instance does not exist or has finished.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default);
}
