using System.Diagnostics;

namespace ImagePipeline.Diagnostics;

/// <summary>
/// The pipeline's own traces, one <see cref="ActivitySource"/> per layer (all named <c>ImagePipeline*</c>, listed in
/// <see cref="SourceNames"/>), and the tag names they share (<c>imagepipeline.*</c>). This class holds the workflow steps'
/// source: one activity per step run, tagged with the generation. The other layers: <see cref="ApiTelemetry"/>,
/// <see cref="ProviderTelemetry"/>, <see cref="StorageTelemetry"/>, <see cref="NotificationTelemetry"/>; the metrics:
/// <see cref="PipelineMetrics"/>. Without a listener (no exporter, no <c>dotnet-trace</c>) no activity is created.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>Name of the workflow steps' activity source and of the one meter (<see cref="PipelineMetrics"/>).</summary>
    public const string SourceName = "ImagePipeline";

    /// <summary>Every activity source of the pipeline, for an exporter to listen to.</summary>
    public static IReadOnlyList<string> SourceNames { get; } =
        [SourceName, ApiTelemetry.SourceName, ProviderTelemetry.SourceName, StorageTelemetry.SourceName, NotificationTelemetry.SourceName];

    /// <summary>Activity name of a step run (tag <see cref="StepTag"/> says which; its display name is the step's).</summary>
    public const string StepActivity = "ImagePipeline.Step";

    /// <summary>Activity name of a provider callback, from the request to the event being kept (API layer).</summary>
    public const string CallbackActivity = ApiTelemetry.CallbackActivity;

    public const string GenerationIdTag = "imagepipeline.generation_id";
    public const string StepTag = "imagepipeline.step";
    public const string ProviderTag = "imagepipeline.provider";
    public const string ModelTag = "imagepipeline.model";
    public const string ProviderJobIdTag = "imagepipeline.provider_job_id";
    public const string OutcomeTag = "imagepipeline.outcome";
    public const string BytesTag = "imagepipeline.bytes";
    public const string OutputIndexTag = "imagepipeline.output_index";
    public const string AttemptTag = "imagepipeline.attempt";
    public const string StatusCodeTag = "imagepipeline.status_code";
    /// <summary>A provider circuit's new state: closed, open or half_open.</summary>
    public const string CircuitStateTag = "imagepipeline.circuit_state";

    public static ActivitySource ActivitySource { get; } = new(SourceName);

    /// <summary>Starts timing one step run; dispose it when the run ends.</summary>
    public static StepTiming StartStep(string step, string generationId, string? provider) => new(step, generationId, provider);
}
