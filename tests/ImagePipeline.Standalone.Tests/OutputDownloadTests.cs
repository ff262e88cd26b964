using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ImagePipeline.Generation;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary><c>GET /api/generations/{id}/outputs/{index}</c> over real HTTP: each output's <c>url</c> in the status
/// document serves the archived bytes with their content type, SHA-256 entity tag, ranges and conditional requests.</summary>
public sealed class OutputDownloadTests : IAsyncLifetime
{
    readonly SegmindSimulator _segmind = new();
    PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        await _segmind.StartAsync();
        _segmind.Behavior.JobDuration = TimeSpan.FromMinutes(5); // a Segmind generation stays running: nothing archived yet
        var settings = SimulatorSettings.For(_segmind, firstPoll: TimeSpan.FromMilliseconds(200), interval: TimeSpan.FromMilliseconds(200));
        settings["Providers:Mock:Delay"] = "00:00:00.050";
        _host = await PipelineHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _segmind.DisposeAsync();
    }

    async Task<GenerationStatusDocument> CompletedAsync(int images = 1)
    {
        var id = await _host.StartAndGetIdAsync(new { prompt = "a red fox in fresh snow", provider = "mock", numberOfImages = images });
        var status = await _host.WaitForTerminalAsync(id);
        Assert.Equal(GenerationStatus.Completed, status.Status);
        Assert.Equal(images, status.Outputs.Count);
        return status;
    }

    static byte[] ArchivedBytes(ArchivedOutput output) => File.ReadAllBytes(new Uri(output.Uri).LocalPath);

    [Fact]
    public async Task Each_outputs_url_serves_the_archived_bytes_with_their_type_and_sha256_etag()
    {
        var status = await CompletedAsync(images: 2);

        for (var index = 0; index < status.Outputs.Count; index++)
        {
            var output = status.Outputs[index];
            // Absolute under Pipeline:PublicBaseUrl (the test host's own address), the storage location kept in uri.
            Assert.Equal(new Uri(_host.BaseUrl, $"api/generations/{status.Id}/outputs/{index}").ToString(), output.Url);
            Assert.StartsWith("file://", output.Uri, StringComparison.Ordinal);

            using var response = await _host.Http.GetAsync(new Uri(output.Url!));
            var bytes = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(ArchivedBytes(output), bytes);
            Assert.Equal(output.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(output.ContentType, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"\"{output.Sha256}\"", response.Headers.ETag?.ToString());
            Assert.Contains("bytes", response.Headers.AcceptRanges);
        }
    }

    [Fact]
    public async Task A_range_is_answered_206_with_exactly_those_bytes_and_an_unsatisfiable_one_416()
    {
        var output = (await CompletedAsync()).Outputs[0];
        var archived = ArchivedBytes(output);

        using var partial = new HttpRequestMessage(HttpMethod.Get, output.Url) { Headers = { Range = new RangeHeaderValue(10, 109) } };
        using var response = await _host.Http.SendAsync(partial);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 10-109/{archived.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(archived[10..110], await response.Content.ReadAsByteArrayAsync());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, output.Url) { Headers = { Range = new RangeHeaderValue(archived.Length + 10, null) } };
        using var refused = await _host.Http.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.StatusCode);
        Assert.Equal($"bytes */{archived.Length}", refused.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task A_caller_holding_the_current_etag_gets_304_without_the_bytes()
    {
        var output = (await CompletedAsync()).Outputs[0];

        using var conditional = new HttpRequestMessage(HttpMethod.Get, output.Url) { Headers = { IfNoneMatch = { new EntityTagHeaderValue($"\"{output.Sha256}\"") } } };
        using var response = await _host.Http.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, output.Url) { Headers = { IfNoneMatch = { new EntityTagHeaderValue("\"0000\"") } } };
        using var changed = await _host.Http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Fact]
    public async Task Unknown_generations_indexes_and_outputs_not_archived_yet_or_any_more_are_404_problems()
    {
        var completed = await CompletedAsync();
        var running = await _host.StartAndGetIdAsync(new { prompt = "a fox that takes its time", provider = "segmind" });
        await _host.WaitForAsync(running, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);

        string[] missing =
        [
            "api/generations/gen_doesnotexist/outputs/0",
            $"api/generations/{completed.Id}/outputs/1",
            $"api/generations/{completed.Id}/outputs/first",
            $"api/generations/{running}/outputs/0",
        ];
        foreach (var path in missing)
        {
            using var response = await _host.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        File.Delete(new Uri(completed.Outputs[0].Uri).LocalPath);
        using var deleted = await _host.Http.GetAsync(completed.Outputs[0].Url);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.Contains("no longer", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
