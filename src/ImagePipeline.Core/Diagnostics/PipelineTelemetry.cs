using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ImagePipeline.Diagnostics;

/// <summary>
/// The pipeline's own traces and metrics, named <see cref="SourceName"/> for an OpenTelemetry exporter (or
/// <c>dotnet-counters</c>/<c>dotnet-trace</c>): one activity per step run and per provider callback, tagged with the
/// generation, and a duration histogram per step. Together they show where a generation's time goes between the
/// provider finishing and the caller hearing of it; the gaps between a generation's activities are the runtime's own.
/// </summary>
public static class PipelineTelemetry
{
    public const string SourceName = "ImagePipeline";

    /// <summary>Activity name of a step run (tag <see cref="StepTag"/> says which).</summary>
    public const string StepActivity = "ImagePipeline.Step";

    /// <summary>Activity name of a provider callback, from the request to the event being kept.</summary>
    public const string CallbackActivity = "ImagePipeline.ProviderCallback";

    public const string GenerationIdTag = "imagepipeline.generation_id";
    public const string StepTag = "imagepipeline.step";
    public const string ProviderTag = "imagepipeline.provider";
    public const string BytesTag = "imagepipeline.bytes";

    public static ActivitySource ActivitySource { get; } = new(SourceName);

    static readonly Meter Meter = new(SourceName);

    /// <summary>How long each step run took, in seconds, by step and provider.</summary>
    public static Histogram<double> StepDuration { get; } = Meter.CreateHistogram<double>(
        "imagepipeline.step.duration", "s", "How long a workflow step run took.");

    /// <summary>Starts timing one step run; dispose it when the run ends.</summary>
    public static StepTiming StartStep(string step, string generationId, string? provider) => new(step, generationId, provider);
}
