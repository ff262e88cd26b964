using ImagePipeline.Providers;
using ImagePipeline.Validation;

namespace ImagePipeline.Routing;

/// <summary>A provider whose submits, status reads and submit look-ups go through its circuit
/// (<see cref="ProviderCircuits"/>): their outcomes feed it, and while it is open they are not sent but throw
/// <see cref="ProviderCircuitOpenException"/>. Downloads, cancels and callbacks pass straight through: a download of a
/// finished job or a cancel is worth trying whatever the recent error rate.</summary>
public sealed class CircuitBreakingImageProvider(IImageProvider inner, ProviderCircuits circuits) : IImageProvider
{
    public IImageProvider Inner => inner;

    public string Name => inner.Name;

    public ProviderCapabilities Capabilities => inner.Capabilities;

    public bool SupportsCallbacks => inner.SupportsCallbacks;

    public Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default) =>
        circuits.ExecuteAsync(Name, token => inner.SubmitAsync(request, token), cancellationToken);

    public Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default) =>
        circuits.ExecuteAsync(Name, token => inner.GetStatusAsync(job, token), cancellationToken);

    public Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default) =>
        circuits.ExecuteAsync(Name, token => inner.FindSubmittedJobAsync(request, token), cancellationToken);

    public ProviderCallback ParseCallback(ReadOnlySpan<byte> body) => inner.ParseCallback(body);

    public Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default) =>
        inner.DownloadAsync(output, cancellationToken);

    public Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default) =>
        inner.CancelAsync(job, cancellationToken);
}
