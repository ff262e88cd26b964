using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ImagePipeline.Generation;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>Text-to-image through polling (Segmind) on the real Functions host: durable timers, the status activity,
/// the archive into Azurite and the status document, all over HTTP.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class PollingGenerationTests
{
    readonly FunctionsAppFixture _app;

    public PollingGenerationTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task Segmind_generation_completes_with_the_blob_in_storage_and_its_sha256_in_the_status()
    {
        var submitsBefore = _app.Segmind.SubmitCount;
        using var start = await _app.StartGenerationAsync(new { prompt = "a lighthouse at dusk", provider = "segmind", aspectRatio = "16:9" });
        var body = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/generations/{id}", start.Headers.Location?.ToString());
        Assert.NotNull(start.Headers.RetryAfter);

        var done = await _app.WaitForTerminalAsync(id);

        Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
        Assert.Equal("segmind", done.Provider);
        Assert.Equal(100, done.Progress.Percent);
        var output = Assert.Single(done.Outputs);
        Assert.Equal("image/png", output.ContentType);
        var stored = await _app.DownloadBlobAsync(output.Uri);
        Assert.Equal(_app.Segmind.GetOutputBytes(done.ProviderJobId!), stored);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), output.Sha256);
        Assert.Equal(stored.Length, output.Bytes);
        Assert.Equal(submitsBefore + 1, await _app.Segmind.SettledSubmitCountAsync(submitsBefore + 1));
    }
}
