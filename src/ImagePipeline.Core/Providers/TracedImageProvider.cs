using System.Diagnostics;
using ImagePipeline.Diagnostics;
using ImagePipeline.Validation;

namespace ImagePipeline.Providers;

/// <summary>A provider whose calls are traced (<see cref="ProviderTelemetry"/>): one place for every provider, mock or
/// hosted, so no client repeats it. A failed call's activity ends with an error status and the error code.</summary>
public sealed class TracedImageProvider(IImageProvider inner) : IImageProvider
{
    public IImageProvider Inner => inner;

    public string Name => inner.Name;

    public ProviderCapabilities Capabilities => inner.Capabilities;

    public bool SupportsCallbacks => inner.SupportsCallbacks;

    public async Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = ProviderTelemetry.Start(ProviderTelemetry.SubmitActivity, Name, request.Model, null);
        activity?.SetTag(PipelineTelemetry.GenerationIdTag, request.GenerationId);
        try
        {
            var submission = await inner.SubmitAsync(request, cancellationToken);
            activity?.SetTag(PipelineTelemetry.ProviderJobIdTag, submission.JobId);
            return submission;
        }
        catch (Exception ex) when (Failed(activity, ex)) { throw; }
    }

    public async Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var activity = ProviderTelemetry.Start(ProviderTelemetry.StatusActivity, Name, job.Model, job.JobId);
        try
        {
            var status = await inner.GetStatusAsync(job, cancellationToken);
            activity?.SetTag(ProviderTelemetry.JobStateTag, StateName(status.State));
            return status;
        }
        catch (Exception ex) when (Failed(activity, ex)) { throw; }
    }

    public async Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = ProviderTelemetry.Start(ProviderTelemetry.FindSubmittedJobActivity, Name, request.Model, null);
        activity?.SetTag(PipelineTelemetry.GenerationIdTag, request.GenerationId);
        try
        {
            var found = await inner.FindSubmittedJobAsync(request, cancellationToken);
            if (found is not null) activity?.SetTag(PipelineTelemetry.ProviderJobIdTag, found.JobId);
            return found;
        }
        catch (Exception ex) when (Failed(activity, ex)) { throw; }
    }

    public ProviderCallback ParseCallback(ReadOnlySpan<byte> body) => inner.ParseCallback(body);

    /// <summary>Traces the response (to its headers); the body is streamed by the caller afterwards.</summary>
    public async Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var activity = ProviderTelemetry.Start(ProviderTelemetry.DownloadActivity, Name, null, null);
        try
        {
            return await inner.DownloadAsync(output, cancellationToken);
        }
        catch (Exception ex) when (Failed(activity, ex)) { throw; }
    }

    public async Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var activity = ProviderTelemetry.Start(ProviderTelemetry.CancelActivity, Name, job.Model, job.JobId);
        try
        {
            return await inner.CancelAsync(job, cancellationToken);
        }
        catch (Exception ex) when (Failed(activity, ex)) { throw; }
    }

    static string StateName(ProviderJobState state) => state.ToString().ToLowerInvariant();

    /// <summary>Marks the activity failed; always false, so the exception passes on untouched.</summary>
    static bool Failed(Activity? activity, Exception ex)
    {
        if (activity is null) return false;
        activity.SetStatus(ActivityStatusCode.Error, ex.Message);
        activity.SetTag("error.type", ex is ProviderException provider ? provider.ErrorCode : ex.GetType().FullName);
        return false;
    }
}
