using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImagePipeline.Generation;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>The download route on the real Functions host (<c>DownloadGenerationOutput</c>): the blob's bytes streamed
/// through the function, with the SHA-256 entity tag, ranges and 304, behind the function key.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class OutputDownloadTests
{
    readonly FunctionsAppFixture _app;

    public OutputDownloadTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task An_outputs_url_serves_the_archived_blob_by_range_and_answers_304_to_its_etag()
    {
        using var start = await _app.StartGenerationAsync(new { prompt = "a lighthouse at dusk", provider = "segmind" });
        var body = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        var done = await _app.WaitForTerminalAsync(id);
        Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
        var output = Assert.Single(done.Outputs);
        var stored = await _app.DownloadBlobAsync(output.Uri);
        Assert.EndsWith($"/api/generations/{id}/outputs/0", output.Url, StringComparison.Ordinal);

        using var whole = await _app.Http.GetAsync(output.Url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(stored, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{output.Sha256}\"", whole.Headers.ETag?.ToString());

        using var partRequest = new HttpRequestMessage(HttpMethod.Get, output.Url) { Headers = { Range = new RangeHeaderValue(0, 99) } };
        using var part = await _app.Http.SendAsync(partRequest);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(stored[..100], await part.Content.ReadAsByteArrayAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, output.Url) { Headers = { IfNoneMatch = { new EntityTagHeaderValue($"\"{output.Sha256}\"") } } };
        using var notModified = await _app.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var missing = await _app.Http.GetAsync($"api/generations/{id}/outputs/1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
