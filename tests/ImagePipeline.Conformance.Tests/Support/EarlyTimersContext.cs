using ImagePipeline.Workflow;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>
/// Makes every durable timer fire early, as Durable Functions' Azure Storage backend does for timers due in under ~2 s
/// (its queue visibility delays are whole seconds): a timer due later than <paramref name="firesAfter"/> from now fires
/// after <paramref name="firesAfter"/>. Deterministic: it only uses the replay-safe current time.
/// </summary>
public sealed class EarlyTimersContext(IWorkflowContext inner, TimeSpan firesAfter) : ForwardingWorkflowContext(inner)
{
    public override Task CreateTimerAsync(DateTime fireAtUtc, CancellationToken cancellationToken)
    {
        var early = Inner.CurrentUtcDateTime + firesAfter;
        return Inner.CreateTimerAsync(fireAtUtc > early ? early : fireAtUtc, cancellationToken);
    }
}
