namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>A durable timer. <see cref="Armed"/> is the in-memory timer that reports the fire time; it is recreated
/// from the journal after a restart.</summary>
internal sealed class TimerAction(WorkflowExecution execution, int seq, DateTime fireAtUtc) : PendingAction(execution, seq)
{
    readonly TaskCompletionSource _fired = new();

    public DateTime FireAtUtc { get; } = fireAtUtc;

    public ITimer? Armed { get; set; }

    public Task Task => _fired.Task;

    public void Fire() => _fired.TrySetResult();

    public override void SetCanceled(CancellationToken cancellationToken) => _fired.TrySetCanceled(cancellationToken);
}
