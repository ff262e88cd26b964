namespace ImagePipeline.Workflow;

/// <summary>When the workflow looks at a provider job: first near its typical finish time, then at a short, bounded
/// interval, so a 60 s job costs a handful of status calls rather than sixty.</summary>
public sealed record PollingPlan(TimeSpan FirstPollAfter, TimeSpan Interval)
{
    /// <summary>The wait before status check number <paramref name="check"/> (0 = the first).</summary>
    public TimeSpan WaitBefore(int check) => check == 0 ? FirstPollAfter : Interval;
}
