using ImagePipeline.Providers;

namespace ImagePipeline.Workflow.Steps;

/// <param name="ProgressEvents">Null when the caller did not ask for <c>progress</c> events (and in histories from before them).</param>
public sealed record CheckStatusStepInput(string GenerationId, string Provider, ProviderJobHandle Job, ProgressEventsInput? ProgressEvents = null)
{
    /// <summary>Which attempt's job this is (0 for the first; left out of histories when 0): the latency it teaches is
    /// measured from that attempt's own submit.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int Attempt { get; init; }
}
