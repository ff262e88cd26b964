namespace ImagePipeline.Workflow;

/// <summary>When the workflow looks at a provider job: first near its typical finish time, then at a short, bounded
/// interval, so a 60 s job costs a handful of status calls rather than sixty. A learned plan (see
/// <see cref="AdaptivePollingPlanner"/>) looks densely around the expected finish, <see cref="DenseLooks"/> times at
/// <see cref="Interval"/>, then at <see cref="TailInterval"/> for the rare late job.</summary>
/// <param name="DenseLooks">Null in plans from before learning existed and in default plans: every later look is at
/// <see cref="Interval"/>, as it always was.</param>
/// <param name="TailInterval">The interval after the dense looks; null means <see cref="Interval"/>.</param>
/// <param name="LearnedFrom">How many completed jobs the plan was learned from; null for a configured/default plan.
/// Informational only: the workflow never reads it.</param>
public sealed record PollingPlan(TimeSpan FirstPollAfter, TimeSpan Interval, int? DenseLooks = null, TimeSpan? TailInterval = null,
    int? LearnedFrom = null)
{
    /// <summary>The wait before status check number <paramref name="check"/> (0 = the first).</summary>
    public TimeSpan WaitBefore(int check) => check switch
    {
        0 => FirstPollAfter,
        _ when DenseLooks is { } dense && check > dense => TailInterval ?? Interval,
        _ => Interval,
    };
}
