namespace ImagePipeline.Workflow;

/// <summary>A snapshot of <see cref="IWorkflowStoreHealth"/>.</summary>
/// <param name="Writable">False from a failed journal write until a probe write succeeds again.</param>
/// <param name="StalledInstances">Instances parked after a failed write, waiting to be resumed from their journal.</param>
/// <param name="Reason">The last write failure, for people (null while writable).</param>
/// <param name="RetryAfter">When the runtime next tries to write again (what a caller should wait).</param>
public sealed record WorkflowStoreHealth(bool Writable, int StalledInstances, string? Reason, TimeSpan RetryAfter)
{
    public static WorkflowStoreHealth Healthy { get; } = new(true, 0, null, TimeSpan.Zero);

    public bool IsHealthy => Writable && StalledInstances == 0;
}
