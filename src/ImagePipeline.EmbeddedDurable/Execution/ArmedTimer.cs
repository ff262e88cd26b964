namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>One instance's durable timer in the <see cref="DurableTimerQueue"/>: who to tell, which timer, and when.</summary>
internal sealed class ArmedTimer(InstanceRunner runner, int seq, DateTime fireAtUtc, long order)
{
    /// <summary>Earliest first; <see cref="Order"/> keeps timers due at the same moment apart (and in arming order).</summary>
    public static IComparer<ArmedTimer> ByFireTime { get; } = Comparer<ArmedTimer>.Create(static (a, b) =>
    {
        var byTime = a.FireAtUtc.CompareTo(b.FireAtUtc);
        return byTime != 0 ? byTime : a.Order.CompareTo(b.Order);
    });

    public InstanceRunner Runner { get; } = runner;

    public int Seq { get; } = seq;

    public DateTime FireAtUtc { get; } = fireAtUtc;

    public long Order { get; } = order;
}
