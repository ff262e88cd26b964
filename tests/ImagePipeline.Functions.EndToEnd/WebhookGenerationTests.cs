using ImagePipeline.Generation;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>Runware's webhook ends the wait on the Functions host: the callback URL it gets is the host's own
/// (<c>Pipeline__PublicBaseUrl</c>), the first poll is an hour out, so only the webhook (confirmed by one status read)
/// can finish it in time.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class WebhookGenerationTests
{
    const string SourceImage = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    readonly FunctionsAppFixture _app;

    public WebhookGenerationTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task Runware_edit_completes_through_its_webhooks_with_one_confirming_read()
    {
        _app.Runware.Behavior.WebhookDeliveries = 2; // duplicates must be harmless
        var submitsBefore = _app.Runware.SubmitCount;
        var statusBefore = _app.Runware.StatusCount;

        var id = await _app.StartAndGetIdAsync(new { prompt = "make the sky purple", provider = "runware", image = SourceImage, aspectRatio = "16:9", numberOfImages = 2 });
        var done = await _app.WaitForTerminalAsync(id);

        Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
        Assert.Equal(2, done.Outputs.Count);
        Assert.Equal(2, done.Outputs.Select(o => o.Sha256).Distinct().Count());
        foreach (var output in done.Outputs)
        {
            var stored = await _app.DownloadBlobAsync(output.Uri);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored)), output.Sha256);
        }
        Assert.Equal(submitsBefore + 1, _app.Runware.SubmitCount);
        Assert.Equal(statusBefore + 1, _app.Runware.StatusCount); // the read that confirms the webhooks, not a poll
        Assert.Contains($"{_app.BaseUrl}api/callbacks/runware/{id}?token=", _app.Runware.LastSubmittedBody, StringComparison.Ordinal);
    }
}
