namespace ImagePipeline.Workflow;

/// <summary>External event names the generation workflow waits for.</summary>
public static class WorkflowEvents
{
    /// <summary>A provider webhook arrived (payload <see cref="ProviderCallbackEvent"/>).</summary>
    public const string ProviderCallback = "ProviderCallback";
    /// <summary>The caller asked to cancel (payload <see cref="CancelRequest"/>).</summary>
    public const string Cancel = "Cancel";
}
