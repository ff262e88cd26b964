namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>A durable action the workflow issued and is (or may be) waiting on: a step attempt, a timer or an event
/// wait, identified by its sequence number in issue order.</summary>
internal abstract class PendingAction(WorkflowExecution execution, int seq)
{
    CancellationTokenRegistration _registration;

    public WorkflowExecution Execution { get; } = execution;

    public int Seq { get; } = seq;

    public abstract void SetCanceled(CancellationToken cancellationToken);

    public void WatchCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingAction)state!).Execution.OnCancellationRequested((PendingAction)state!, token),
                this);
        }
    }

    public void StopWatchingCancellation() => _registration.Unregister();
}
