using ImagePipeline.Generation;

namespace ImagePipeline.Providers;

/// <summary>A provider job's state, normalised across providers.</summary>
public enum ProviderJobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}

public static class ProviderJobStateExtensions
{
    public static bool IsTerminal(this ProviderJobState state) =>
        state is ProviderJobState.Succeeded or ProviderJobState.Failed or ProviderJobState.Canceled;
}
