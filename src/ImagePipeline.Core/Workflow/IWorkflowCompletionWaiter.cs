namespace ImagePipeline.Workflow;

/// <summary>The runtime's completion signal, for <c>Prefer: wait=N</c>: no polling.</summary>
public interface IWorkflowCompletionWaiter
{
    /// <summary>The finished instance once it completes, fails or is terminated; null when there is no such instance.
    /// Cancelling the token (the caller's deadline or disconnect) ends the wait with <see cref="OperationCanceledException"/>.</summary>
    Task<WorkflowInstance?> WaitForCompletionAsync(string instanceId, CancellationToken cancellationToken);
}
