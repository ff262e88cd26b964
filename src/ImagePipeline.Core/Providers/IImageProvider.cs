using ImagePipeline.Validation;

namespace ImagePipeline.Providers;

/// <summary>One hosted provider of Luma Uni-1 / Photon, as the workflow uses it.</summary>
public interface IImageProvider
{
    /// <summary>Lower-case provider name, one of <see cref="Generation.ProviderNames"/>.</summary>
    string Name { get; }

    /// <summary>What this provider accepts; used to validate a request before anything is sent.</summary>
    ProviderCapabilities Capabilities { get; }

    /// <summary>True when the provider can POST results to a callback URL (the workflow then races the webhook against its timer).</summary>
    bool SupportsCallbacks { get; }

    /// <summary>Submits the job exactly once. Never re-sent after it may have reached the provider:
    /// a timeout or 5xx after sending throws <see cref="SubmitOutcomeUnknownException"/>.</summary>
    Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads the job's status (safe to retry; transient faults are retried inside).</summary>
    Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default);

    /// <summary>Looks up a job whose submit had an unknown outcome, when the provider allows it (Runware taskUUID).
    /// Returns null when the provider never received it; throws <see cref="NotSupportedException"/> when the provider cannot tell.</summary>
    Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Parses a webhook body the provider POSTed to our callback route. Throws <see cref="ProviderException"/> on a malformed body.</summary>
    ProviderCallback ParseCallback(ReadOnlySpan<byte> body);

    /// <summary>Streams one output (transient faults retried; 404/403 of an expired link become <see cref="ProviderResultExpiredException"/>).</summary>
    Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default);

    /// <summary>Cancels the job where the provider supports it; returns false where it cannot.</summary>
    Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default);
}
