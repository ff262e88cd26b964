using ImagePipeline.Providers;

namespace ImagePipeline.Workflow;

/// <summary>The percentage shown while the provider works: its own progress mapped onto 10–90 (submit is 5, archiving
/// 90), else at least 10. One formula for the status document and the <c>progress</c> webhook event.</summary>
public static class RunningProgress
{
    public static int Percent(ProviderJobStatus status, int previous)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Progress is { } p ? 10 + (int)Math.Round(Math.Clamp(p, 0, 1) * 80) : Math.Max(previous, 10);
    }
}
