namespace ImagePipeline.Workflow;

/// <summary>How the host retries a failed step: the same shape as Durable's <c>RetryPolicy</c>.</summary>
public sealed record StepRetryPolicy(int MaxNumberOfAttempts, TimeSpan FirstRetryInterval, double BackoffCoefficient = 2.0, TimeSpan? MaxRetryInterval = null)
{
    /// <summary>The delay before attempt <paramref name="attempt"/> + 1 (attempt counts from 1).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var delay = TimeSpan.FromTicks((long)(FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, Math.Max(0, attempt - 1))));
        return MaxRetryInterval is { } max && delay > max ? max : delay;
    }
}
