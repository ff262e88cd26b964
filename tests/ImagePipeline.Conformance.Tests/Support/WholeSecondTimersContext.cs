using ImagePipeline.Workflow;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>
/// Durable timers as Durable Functions' Azure Storage backend delivers them: the timer message is hidden for its delay in
/// whole seconds, rounded down, so a timer due in 1.2 s fires after 1 s and one due in 0.2 s fires at once. Counts the
/// timers the workflow creates (not those re-created while replaying), to show an early timer is re-armed once rather
/// than round after round. Deterministic: it only uses the replay-safe current time.
/// </summary>
public sealed class WholeSecondTimersContext(IWorkflowContext inner, WholeSecondTimersContext.Counter timers) : ForwardingWorkflowContext(inner)
{
    public override Task CreateTimerAsync(DateTime fireAtUtc, CancellationToken cancellationToken)
    {
        if (!Inner.IsReplaying) timers.Increment();
        var delay = fireAtUtc - Inner.CurrentUtcDateTime;
        var wholeSeconds = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(delay.TotalSeconds)));
        return Inner.CreateTimerAsync(Inner.CurrentUtcDateTime + wholeSeconds, cancellationToken);
    }

    /// <summary>Timers created across every execution of one scenario.</summary>
    public sealed class Counter
    {
        int _count;

        public int Count => Volatile.Read(ref _count);

        internal void Increment() => Interlocked.Increment(ref _count);
    }
}
