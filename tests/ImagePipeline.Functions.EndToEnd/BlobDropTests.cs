using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Drops;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Mock;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>A blob dropped into <c>edit-requests</c>, announced as Event Grid would announce it to the host's blobs
/// webhook, becomes an edit that completes; the same notification delivered again starts nothing.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class BlobDropTests
{
    const string FunctionName = "StartEditFromBlobDrop";
    readonly FunctionsAppFixture _app;
    readonly BlobContainerClient _drops;

    public BlobDropTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
        _drops = app.Blobs.GetBlobContainerClient(FunctionsAppFixture.DropContainer);
    }

    [Fact]
    public async Task A_dropped_image_is_edited_once_and_a_redelivered_event_starts_nothing()
    {
        var name = $"holiday/{Guid.NewGuid():N}.png";
        var png = PngImageEncoder.CreateGradient(48, 32, seed: 11);
        var blob = _drops.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(png), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { ["prompt"] = "make the sky a sunset", ["provider"] = "runware", ["aspectRatio"] = "16:9" },
        });
        var etag = (await blob.GetPropertiesAsync()).Value.ETag.ToString();
        var id = EditDropKeys.BlobGenerationId(FunctionsAppFixture.DropContainer, name, etag);
        var submitsBefore = _app.Runware.SubmitCount;

        using (var delivered = await EventGridBlobCreated.DeliverAsync(_app.Anonymous, FunctionName, FunctionsAppFixture.FunctionKey, blob, Guid.NewGuid().ToString()))
        {
            Assert.True(delivered.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted,
                $"The blobs webhook answered {(int)delivered.StatusCode}: {await delivered.Content.ReadAsStringAsync()}{Environment.NewLine}{_app.HostLogTail()}");
        }
        var done = await _app.WaitForTerminalAsync(id);

        Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
        Assert.Equal("runware", done.Provider);
        Assert.Single(done.Outputs);
        Assert.Equal($"{FunctionsAppFixture.DropContainer}/{name}", done.Metadata[EditDropProcessor.SourceMetadataKey]);
        var tags = (await blob.GetTagsAsync()).Value.Tags;
        Assert.Equal(id, tags[EditDropMarks.GenerationIdTag]);
        Assert.Equal(EditDropMarks.Started, tags[EditDropMarks.StatusTag]);
        Assert.Equal(submitsBefore + 1, _app.Runware.SubmitCount);

        // Event Grid delivers at least once: the same event again (new delivery id) must not start a second edit.
        using (var again = await EventGridBlobCreated.DeliverAsync(_app.Anonymous, FunctionName, FunctionsAppFixture.FunctionKey, blob, Guid.NewGuid().ToString()))
        {
            Assert.True(again.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{(int)again.StatusCode}");
        }
        // The trigger runs after the webhook answers; its log line says it saw the drop again and left it.
        await Eventually.ValueAsync(() => Task.FromResult(File.ReadAllText(_app.Host.LogPath).Contains($"AlreadyHandled generation {id}", StringComparison.Ordinal) ? (bool?)true : null),
            TimeSpan.FromSeconds(20), "the redelivered drop to be seen as already handled", _app);
        Assert.Equal(submitsBefore + 1, _app.Runware.SubmitCount);
        Assert.Equal(GenerationStatus.Completed, (await _app.FindStatusAsync(id))!.Status);
        Assert.True((await blob.ExistsAsync()).Value, "drops are never deleted");
    }
}
