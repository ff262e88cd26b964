using System.Net;
using System.Security.Cryptography;
using ImagePipeline.Generation;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Text-to-image through polling (Segmind): 202 + Location + Retry-After, progress while waiting, one submit,
/// the provider's exact bytes archived with their hash.</summary>
public sealed class PollingGenerationTests : IAsyncLifetime
{
    readonly SegmindSimulator _segmind = new();
    PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        await _segmind.StartAsync();
        _segmind.Behavior.JobDuration = TimeSpan.FromMilliseconds(800);
        _host = await PipelineHost.StartAsync(SimulatorSettings.For(_segmind, firstPoll: TimeSpan.FromMilliseconds(300)));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _segmind.DisposeAsync();
    }

    [Fact]
    public async Task Text_to_image_is_polled_to_completion_and_archived_once()
    {
        using var start = await _host.StartGenerationAsync(new { prompt = "a lighthouse at dusk", aspectRatio = "16:9", style = "auto" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = System.Text.Json.JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/generations/{id}", start.Headers.Location?.ToString());
        Assert.NotNull(start.Headers.RetryAfter);

        var running = await _host.WaitForAsync(id, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running or GenerationStatus.Completed);
        Assert.Equal("segmind", running.Provider);

        var done = await _host.WaitForTerminalAsync(id);
        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal(100, done.Progress.Percent);
        Assert.Equal(1, _segmind.SubmitCount);
        var output = Assert.Single(done.Outputs);
        Assert.Equal("image/png", output.ContentType);
        Assert.Equal(_segmind.Behavior.ImageWidth, output.Width);

        var archived = await File.ReadAllBytesAsync(new Uri(output.Uri).LocalPath);
        Assert.Equal(_segmind.GetOutputBytes(done.ProviderJobId!), archived);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(archived)), output.Sha256);
        Assert.Contains($"/{id}/0.png", output.Uri, StringComparison.Ordinal);
        // A 0.8 s job polled first at 0.3 s and then every 0.2 s costs a handful of status calls, not dozens.
        Assert.InRange(_segmind.StatusCount, 1, 8);
    }

    [Fact]
    public async Task Provider_failure_ends_failed_with_the_provider_message()
    {
        _segmind.Behavior.FailJobsWith = "Inference crashed on worker 7";
        var id = await _host.StartAndGetIdAsync(new { prompt = "a lighthouse" });

        var done = await _host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Failed, done.Status);
        Assert.Equal("provider_failed", done.Error?.Code);
        Assert.Contains("Inference crashed on worker 7", done.Error?.Message, StringComparison.Ordinal);
        Assert.Empty(done.Outputs);
        // The final progress is the provider's final word, not the "QUEUED" it answered at submit.
        Assert.Equal((100, "FAILED"), (done.Progress.Percent, done.Progress.ProviderStatus));
    }

    [Fact]
    public async Task Result_expired_before_archive_ends_failed_with_result_expired()
    {
        var id = await _host.StartAndGetIdAsync(new { prompt = "a lighthouse" });
        await _host.WaitForAsync(id, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);
        _segmind.Behavior.ResultsExpired = true;

        var done = await _host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Failed, done.Status);
        Assert.Equal("result_expired", done.Error?.Code);
        Assert.Equal(1, _segmind.SubmitCount);
    }
}
