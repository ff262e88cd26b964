using System.IO.Hashing;
using System.Text;
using ImagePipeline.Generation;
using ImagePipeline.Validation;

namespace ImagePipeline.Providers.Mock;

/// <summary>
/// A provider that needs no key and no network: jobs "run" for <see cref="MockProviderOptions.Delay"/> (measured with the
/// <see cref="TimeProvider"/>) and then yield real PNG gradients, generated in memory, at <c>mock://{jobId}/{index}.png</c>.
/// It is stateless: the job id carries the submit time, image count, seed, size and requested failure, so any
/// instance (for example after a host restart) can answer for any job id.
/// <para>Failures on request, for testing the unhappy paths: a prompt containing <c>[mock:fail]</c> ends
/// <see cref="ProviderJobState.Failed"/> with <c>provider_failed</c> ("Mock failure requested"); one containing
/// <c>[mock:blocked]</c> ends failed with <c>content_blocked</c>. Either happens once the delay has passed.</para>
/// </summary>
public sealed class MockImageProvider : IImageProvider
{
    /// <summary>Put in a prompt to make the job fail with <c>provider_failed</c>.</summary>
    public const string FailMarker = "[mock:fail]";
    /// <summary>Put in a prompt to make the job fail with <c>content_blocked</c>.</summary>
    public const string BlockedMarker = "[mock:blocked]";
    public const string FailureMessage = "Mock failure requested";
    public const string BlockedMessage = "Mock content block requested";
    public const string OutputScheme = "mock://";

    readonly MockProviderOptions _options;
    readonly TimeProvider _timeProvider;

    public MockImageProvider(MockProviderOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 1);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Name => ProviderNames.Mock;

    public ProviderCapabilities Capabilities => ProviderCapabilityTable.Mock;

    public bool SupportsCallbacks => false;

    public Task<ProviderSubmission> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (width, height) = SizeFor(request.Request.AspectRatio, _options.Width, _options.Height);
        var prompt = request.Request.Prompt ?? "";
        var failure = prompt.Contains(BlockedMarker, StringComparison.OrdinalIgnoreCase) ? MockJobTicket.FailureBlocked
            : prompt.Contains(FailMarker, StringComparison.OrdinalIgnoreCase) ? MockJobTicket.FailureFailed
            : null;
        var ticket = new MockJobTicket(
            request.GenerationId,
            _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            Math.Max(1, request.Request.NumberOfImages ?? 1),
            request.Request.Seed ?? StableSeed(request.GenerationId),
            width,
            height,
            failure);
        var jobId = ticket.ToJobId();
        return Task.FromResult(new ProviderSubmission(jobId, StatusOf(jobId, ticket)));
    }

    public Task<ProviderJobStatus> GetStatusAsync(ProviderJobHandle job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Task.FromResult(StatusOf(job.JobId, Parse(job.JobId)));
    }

    /// <summary>A mock submit never has an unknown outcome, so there is nothing to look up.</summary>
    public Task<ProviderJobStatus?> FindSubmittedJobAsync(ProviderJobRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The mock provider never leaves a submit's outcome unknown.");

    public ProviderCallback ParseCallback(ReadOnlySpan<byte> body) =>
        throw new NotSupportedException("The mock provider sends no callbacks.");

    public Task<ProviderDownload> DownloadAsync(ProviderOutput output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        // Parsed by hand: System.Uri would lower-case the job id, which is case-sensitive base64url.
        var url = output.Url;
        var slash = url.LastIndexOf('/');
        if (!url.StartsWith(OutputScheme, StringComparison.Ordinal) || slash <= OutputScheme.Length
            || !url.EndsWith(".png", StringComparison.Ordinal)
            || !int.TryParse(url.AsSpan(slash + 1, url.Length - slash - 1 - ".png".Length), out var index))
        {
            throw new ProviderResultExpiredException(Name, $"'{url}' is not a mock output.");
        }

        var ticket = Parse(url[OutputScheme.Length..slash]);
        if (index < 0 || index >= ticket.Images)
            throw new ProviderResultExpiredException(Name, $"The mock job has no output {index}.");
        var png = PngImageEncoder.CreateGradient(ticket.Width, ticket.Height, unchecked(ticket.Seed + index));
        return Task.FromResult(new ProviderDownload(new MemoryStream(png, writable: false), "image/png", png.Length));
    }

    /// <summary>Nothing runs, so nothing can be stopped.</summary>
    public Task<bool> CancelAsync(ProviderJobHandle job, CancellationToken cancellationToken = default) => Task.FromResult(false);

    /// <summary>The output size for an aspect ratio "W:H", keeping about the configured 1:1 pixel count.</summary>
    public static (int Width, int Height) SizeFor(string? aspectRatio, int width, int height)
    {
        var parts = aspectRatio?.Split(':');
        if (parts is not [var w, var h] || !double.TryParse(w, out var ratioW) || !double.TryParse(h, out var ratioH)
            || ratioW <= 0 || ratioH <= 0)
        {
            return (width, height);
        }
        var area = (double)width * height;
        return (Math.Max(1, (int)Math.Round(Math.Sqrt(area * ratioW / ratioH))), Math.Max(1, (int)Math.Round(Math.Sqrt(area * ratioH / ratioW))));
    }

    ProviderJobStatus StatusOf(string jobId, MockJobTicket ticket)
    {
        var elapsed = _timeProvider.GetUtcNow() - ticket.SubmittedAt;
        if (_options.Delay > TimeSpan.Zero && elapsed < _options.Delay)
        {
            var progress = Math.Clamp(elapsed / _options.Delay, 0, 1);
            return new ProviderJobStatus
            {
                JobId = jobId,
                State = progress < 0.25 ? ProviderJobState.Queued : ProviderJobState.Running,
                ProviderStatus = progress < 0.25 ? "queued" : "running",
                Progress = progress,
            };
        }

        return ticket.Failure switch
        {
            MockJobTicket.FailureFailed => Failed(jobId, new ProviderError(ProviderErrorCodes.ProviderFailed, FailureMessage)),
            MockJobTicket.FailureBlocked => Failed(jobId, new ProviderError(ProviderErrorCodes.ContentBlocked, BlockedMessage)),
            _ => new ProviderJobStatus
            {
                JobId = jobId,
                State = ProviderJobState.Succeeded,
                ProviderStatus = "succeeded",
                Progress = 1,
                Outputs = [.. Enumerable.Range(0, ticket.Images).Select(i => new ProviderOutput($"{OutputScheme}{jobId}/{i}.png", $"{jobId}/{i}", "image/png"))],
            },
        };
    }

    static ProviderJobStatus Failed(string jobId, ProviderError error) =>
        new() { JobId = jobId, State = ProviderJobState.Failed, ProviderStatus = "failed", Progress = 1, Error = error };

    MockJobTicket Parse(string jobId) =>
        MockJobTicket.TryParse(jobId, out var ticket)
            ? ticket
            : throw new ProviderResultExpiredException(Name, $"'{jobId}' is not a job id the mock provider issued.");

    /// <summary>A seed that is the same in every process (string.GetHashCode is randomised per process).</summary>
    static int StableSeed(string generationId) =>
        (int)(Crc32.HashToUInt32(Encoding.UTF8.GetBytes(generationId)) & 0x7FFF_FFFF);
}
