using System.Diagnostics;

namespace ImagePipeline.Diagnostics;

/// <summary>Traces of calls to the providers (<see cref="Providers.TracedImageProvider"/>): submit, status, download,
/// lookup and cancel, tagged with provider, model and provider job id where the call knows them.</summary>
public static class ProviderTelemetry
{
    public const string SourceName = "ImagePipeline.Providers";

    public const string SubmitActivity = "ImagePipeline.Providers.Submit";
    public const string StatusActivity = "ImagePipeline.Providers.Status";
    public const string DownloadActivity = "ImagePipeline.Providers.Download";
    public const string FindSubmittedJobActivity = "ImagePipeline.Providers.FindSubmittedJob";
    public const string CancelActivity = "ImagePipeline.Providers.Cancel";

    /// <summary>The provider's state of the job as a status read saw it (queued, running, succeeded, failed, canceled).</summary>
    public const string JobStateTag = "imagepipeline.provider_job_state";

    public static ActivitySource ActivitySource { get; } = new(SourceName);

    public static Activity? Start(string name, string provider, string? model, string? jobId)
    {
        var activity = ActivitySource.StartActivity(name, ActivityKind.Client);
        if (activity is null) return null;
        activity.SetTag(PipelineTelemetry.ProviderTag, provider);
        if (model is not null) activity.SetTag(PipelineTelemetry.ModelTag, model);
        if (jobId is not null) activity.SetTag(PipelineTelemetry.ProviderJobIdTag, jobId);
        return activity;
    }
}
