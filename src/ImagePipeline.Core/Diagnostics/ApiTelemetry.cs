using System.Diagnostics;

namespace ImagePipeline.Diagnostics;

/// <summary>Traces of the HTTP API (<see cref="Api.GenerationApi"/>): one activity per start, status read, cancel and
/// provider callback, inside the host's own request activity.</summary>
public static class ApiTelemetry
{
    public const string SourceName = "ImagePipeline.Api";

    public const string StartActivity = "ImagePipeline.Api.Start";
    public const string GetActivity = "ImagePipeline.Api.Get";
    public const string CancelActivity = "ImagePipeline.Api.Cancel";
    public const string CallbackActivity = "ImagePipeline.Api.Callback";

    /// <summary>On a start: whether it created the generation (false: the idempotency key named an existing one).</summary>
    public const string CreatedTag = "imagepipeline.created";

    /// <summary>On a status read: the generation's status (queued … completed).</summary>
    public const string GenerationStatusTag = "imagepipeline.generation_status";

    public static ActivitySource ActivitySource { get; } = new(SourceName);

    /// <summary>Starts an API activity, tagged with the generation when the route names one.</summary>
    public static Activity? Start(string name, string? generationId = null)
    {
        var activity = ActivitySource.StartActivity(name, ActivityKind.Internal);
        if (generationId is not null) activity?.SetTag(PipelineTelemetry.GenerationIdTag, generationId);
        return activity;
    }
}
