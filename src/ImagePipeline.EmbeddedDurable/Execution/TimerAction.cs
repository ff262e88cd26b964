namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>A durable timer. The instance runner arms it in the <see cref="DurableTimerQueue"/>; after a restart or a
/// reload it is re-armed from the journal.</summary>
internal sealed class TimerAction(WorkflowExecution execution, int seq, DateTime fireAtUtc) : PendingAction(execution, seq)
{
    readonly TaskCompletionSource _fired = new();

    public DateTime FireAtUtc { get; } = fireAtUtc;

    public Task Task => _fired.Task;

    public void Fire() => _fired.TrySetResult();

    public override void SetCanceled(CancellationToken cancellationToken) => _fired.TrySetCanceled(cancellationToken);
}
