using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;

namespace ImagePipeline.Tests.Providers.Mock;

public sealed class MockImageProviderTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    static ProviderJobRequest Job(GenerationRequest request) =>
        new("gen-" + Guid.NewGuid().ToString("N"), request with { Provider = ProviderNames.Mock }, "mock-uni-1");

    static async Task<byte[]> ReadAllAsync(ProviderDownload download)
    {
        await using (download)
        {
            using var buffer = new MemoryStream();
            await download.Content.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }

    [Fact]
    public async Task Output_is_a_png_a_decoder_accepts_sized_by_the_aspect_ratio()
    {
        var mock = new MockImageProvider(new MockProviderOptions { Delay = TimeSpan.Zero });
        var submission = await mock.SubmitAsync(Job(new GenerationRequest { Prompt = "A cat", AspectRatio = "16:9", NumberOfImages = 2 }));
        var status = await mock.GetStatusAsync(new ProviderJobHandle(submission.JobId, "mock-uni-1", 2));

        Assert.Equal(2, status.Outputs.Count);
        var images = new List<byte[]>();
        foreach (var output in status.Outputs)
        {
            var download = await mock.DownloadAsync(output);
            Assert.Equal("image/png", download.ContentType);
            var bytes = await ReadAllAsync(download);
            var png = DecodedPng.Decode(bytes);
            Assert.Equal(683, png.Width);
            Assert.Equal(384, png.Height);
            Assert.Equal(["IHDR", "IDAT", "IEND"], png.ChunkTypes);
            Assert.Equal(384, png.Scanlines.Count);
            Assert.All(png.Scanlines, line => Assert.Equal(1 + 683 * 3, line.Length));
            images.Add(bytes);
        }
        Assert.NotEqual(images[0], images[1]);
    }

    [Fact]
    public async Task Square_output_uses_the_configured_size()
    {
        var mock = new MockImageProvider(new MockProviderOptions { Delay = TimeSpan.Zero, Width = 96, Height = 64 });
        var submission = await mock.SubmitAsync(Job(new GenerationRequest { Prompt = "A cat" }));

        var png = DecodedPng.Decode(await ReadAllAsync(await mock.DownloadAsync(submission.Status!.Outputs[0])));

        Assert.Equal((96, 64), (png.Width, png.Height));
    }

    [Fact]
    public async Task Job_runs_for_the_delay_and_then_succeeds()
    {
        var clock = new ManualTimeProvider(Start);
        var mock = new MockImageProvider(new MockProviderOptions { Delay = TimeSpan.FromSeconds(3) }, clock);
        var submission = await mock.SubmitAsync(Job(new GenerationRequest { Prompt = "A cat", NumberOfImages = 3 }));
        var handle = new ProviderJobHandle(submission.JobId, "mock-uni-1", 3);

        var atSubmit = await mock.GetStatusAsync(handle);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var halfway = await mock.GetStatusAsync(handle);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var done = await mock.GetStatusAsync(handle);

        Assert.Equal(ProviderJobState.Queued, submission.Status!.State);
        Assert.Equal((ProviderJobState.Queued, 0.0), (atSubmit.State, atSubmit.Progress));
        Assert.Equal((ProviderJobState.Running, 0.5), (halfway.State, halfway.Progress));
        Assert.Empty(halfway.Outputs);
        Assert.Equal(ProviderJobState.Succeeded, done.State);
        Assert.Equal(
            [$"mock://{submission.JobId}/0.png", $"mock://{submission.JobId}/1.png", $"mock://{submission.JobId}/2.png"],
            done.Outputs.Select(o => o.Url));
        Assert.Equal(3, done.Outputs.Select(o => o.Id).Distinct().Count());
    }

    [Fact]
    public async Task Zero_delay_completes_at_the_first_status_check()
    {
        var mock = new MockImageProvider(new MockProviderOptions { Delay = TimeSpan.Zero }, new ManualTimeProvider(Start));

        var submission = await mock.SubmitAsync(Job(new GenerationRequest { Prompt = "A cat" }));
        var status = await mock.GetStatusAsync(new ProviderJobHandle(submission.JobId, "mock-uni-1"));

        Assert.Equal(ProviderJobState.Succeeded, submission.Status!.State);
        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Single(status.Outputs);
    }

    [Theory]
    [InlineData("A cat [mock:fail]", ProviderErrorCodes.ProviderFailed, "Mock failure requested")]
    [InlineData("[mock:blocked] a cat", ProviderErrorCodes.ContentBlocked, "Mock content block requested")]
    public async Task Failure_requested_in_the_prompt_ends_the_job_failed_after_the_delay(string prompt, string code, string message)
    {
        var clock = new ManualTimeProvider(Start);
        var mock = new MockImageProvider(new MockProviderOptions { Delay = TimeSpan.FromSeconds(2) }, clock);
        var submission = await mock.SubmitAsync(Job(new GenerationRequest { Prompt = prompt }));
        var handle = new ProviderJobHandle(submission.JobId, "mock-uni-1");

        var before = await mock.GetStatusAsync(handle);
        clock.Advance(TimeSpan.FromSeconds(2));
        var after = await mock.GetStatusAsync(handle);

        Assert.False(before.State.IsTerminal());
        Assert.Equal(ProviderJobState.Failed, after.State);
        Assert.Equal(code, after.Error!.Code);
        Assert.Equal(message, after.Error.Message);
        Assert.Empty(after.Outputs);
    }

    [Fact]
    public async Task A_new_instance_after_a_restart_answers_for_a_job_the_old_one_issued()
    {
        var clock = new ManualTimeProvider(Start);
        var options = new MockProviderOptions { Delay = TimeSpan.FromSeconds(3) };
        var before = new MockImageProvider(options, clock);
        var submission = await before.SubmitAsync(Job(new GenerationRequest { Prompt = "A cat", Seed = 1234, AspectRatio = "2:3" }));
        var handle = new ProviderJobHandle(submission.JobId, "mock-uni-1");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ProviderJobState.Running, (await before.GetStatusAsync(handle)).State);

        var after = new MockImageProvider(new MockProviderOptions { Delay = TimeSpan.FromSeconds(3) }, clock);
        clock.Advance(TimeSpan.FromSeconds(2));
        var status = await after.GetStatusAsync(handle);

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        var fromNew = await ReadAllAsync(await after.DownloadAsync(status.Outputs[0]));
        var fromOld = await ReadAllAsync(await before.DownloadAsync(status.Outputs[0]));
        Assert.Equal(fromOld, fromNew);
        Assert.Equal(MockImageProvider.SizeFor("2:3", 512, 512), (DecodedPng.Decode(fromNew).Width, DecodedPng.Decode(fromNew).Height));
    }

    [Fact]
    public async Task Same_seed_gives_the_same_image_and_another_seed_a_different_one()
    {
        var mock = new MockImageProvider(new MockProviderOptions { Delay = TimeSpan.Zero, Width = 32, Height = 32 });

        async Task<byte[]> ImageFor(int seed)
        {
            var submission = await mock.SubmitAsync(Job(new GenerationRequest { Prompt = "A cat", Seed = seed }));
            return await ReadAllAsync(await mock.DownloadAsync(submission.Status!.Outputs[0]));
        }

        Assert.Equal(await ImageFor(7), await ImageFor(7));
        Assert.NotEqual(await ImageFor(7), await ImageFor(8));
    }

    [Theory]
    [InlineData("job-123")]
    [InlineData("mock_not-base64-json")]
    [InlineData("mock_")]
    public async Task A_job_id_the_mock_never_issued_is_unknown(string jobId) =>
        await Assert.ThrowsAsync<ProviderResultExpiredException>(() => new MockImageProvider(new MockProviderOptions())
            .GetStatusAsync(new ProviderJobHandle(jobId, "mock-uni-1")));

    [Fact]
    public async Task Download_of_an_output_the_job_does_not_have_is_unknown()
    {
        var mock = new MockImageProvider(new MockProviderOptions { Delay = TimeSpan.Zero });
        var submission = await mock.SubmitAsync(Job(new GenerationRequest { Prompt = "A cat" }));

        await Assert.ThrowsAsync<ProviderResultExpiredException>(() => mock.DownloadAsync(new ProviderOutput($"mock://{submission.JobId}/1.png")));
        await Assert.ThrowsAsync<ProviderResultExpiredException>(() => mock.DownloadAsync(new ProviderOutput("https://example.com/0.png")));
    }

    [Fact]
    public async Task Mock_needs_no_key_sends_no_callbacks_and_cannot_cancel()
    {
        var mock = new MockImageProvider(new MockProviderOptions());
        var job = Job(new GenerationRequest { Prompt = "A cat" });
        var submission = await mock.SubmitAsync(job);

        Assert.Equal("mock", mock.Name);
        Assert.False(mock.SupportsCallbacks);
        Assert.Equal("mock-uni-1", mock.Capabilities.DefaultModel);
        Assert.False(await mock.CancelAsync(new ProviderJobHandle(submission.JobId, "mock-uni-1")));
        Assert.Throws<NotSupportedException>(() => mock.ParseCallback([]));
        await Assert.ThrowsAsync<NotSupportedException>(() => mock.FindSubmittedJobAsync(job));
    }
}
