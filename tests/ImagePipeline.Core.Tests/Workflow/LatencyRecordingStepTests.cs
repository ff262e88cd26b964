using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Workflow.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Tests.Workflow;

/// <summary>What the next plans learn from: the check-status step records a job's submit→done latency when its read
/// sees the job done, and only then (a running or failed job teaches nothing).</summary>
public sealed class LatencyRecordingStepTests : IDisposable
{
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("imagepipeline-latency-step-").FullName;
    readonly ManualClock _clock = new();
    readonly ServiceProvider _services;

    public LatencyRecordingStepTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Runtime:DataDirectory"] = _dataDirectory,
            ["Storage:RootDirectory"] = Path.Combine(_dataDirectory, "outputs"),
            ["Pipeline:AllowDevelopmentCallbackSecret"] = "true",
            ["Providers:Mock:Delay"] = "00:00:30",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton<TimeProvider>(_clock)
            .AddImagePipelineCore(configuration).BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    async Task<(ProviderJobState State, IReadOnlyList<TimeSpan> Recorded)> SubmitAndCheckAfterAsync(string generationId, string prompt, TimeSpan after)
    {
        var steps = _services.GetRequiredService<GenerationSteps>();
        var submitted = await steps.SubmitAsync(new SubmitStepInput(generationId, new GenerationRequest { Prompt = prompt }, "mock", "mock-uni-1"), default);
        _clock.Advance(after);
        var status = await steps.CheckStatusAsync(new CheckStatusStepInput(generationId, "mock", new ProviderJobHandle(submitted.JobId!, "mock-uni-1")), default);
        return (status.Status!.State, await _services.GetRequiredService<IProviderLatencyStore>().ReadRecentAsync("mock", "mock-uni-1"));
    }

    [Fact]
    public async Task A_read_that_sees_the_job_done_records_the_time_since_its_submit()
    {
        var running = await SubmitAndCheckAfterAsync("gen-running", "a lighthouse", TimeSpan.FromSeconds(10));
        Assert.Equal(ProviderJobState.Running, running.State);
        Assert.Empty(running.Recorded);

        var done = await SubmitAndCheckAfterAsync("gen-done", "a lighthouse", TimeSpan.FromSeconds(42));
        Assert.Equal(ProviderJobState.Succeeded, done.State);
        Assert.Equal([TimeSpan.FromSeconds(42)], done.Recorded);
    }

    [Fact]
    public async Task A_failed_job_teaches_nothing()
    {
        var failed = await SubmitAndCheckAfterAsync("gen-failed", "a lighthouse [mock:fail]", TimeSpan.FromSeconds(42));

        Assert.Equal(ProviderJobState.Failed, failed.State);
        Assert.Empty(failed.Recorded);
    }

    [Fact]
    public async Task A_history_that_cannot_be_written_does_not_fail_the_status_read()
    {
        // A file where the latency folder goes: every write fails like an unwritable folder would.
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "latencies"), "in the way");

        var done = await SubmitAndCheckAfterAsync("gen-done", "a lighthouse", TimeSpan.FromSeconds(42));

        Assert.Equal(ProviderJobState.Succeeded, done.State);
        Assert.Empty(done.Recorded);
    }

    sealed class ManualClock : TimeProvider
    {
        DateTimeOffset _now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
