namespace ImagePipeline.Workflow;

/// <summary>One provider's configured polling (<c>Pipeline:Polling:{provider}</c>); an unset value keeps the default.</summary>
public sealed class PollingPlanSettings
{
    public TimeSpan? FirstPollAfter { get; set; }

    public TimeSpan? Interval { get; set; }
}
