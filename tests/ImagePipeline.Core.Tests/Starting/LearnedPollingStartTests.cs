using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Starting;
using ImagePipeline.Tests.Events;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Starting;

/// <summary>The plan a generation starts with, fixed in its workflow input: learned once the provider and model have
/// enough history, the default until then.</summary>
public sealed class LearnedPollingStartTests : IDisposable
{
    readonly string _directory = Path.Combine(Path.GetTempPath(), "learned-polling-" + Guid.NewGuid().ToString("N"));
    readonly FileProviderLatencyStore _latencies;
    readonly GenerationStarter _starter;
    readonly RecordingWorkflowClient _workflows = new();

    public LearnedPollingStartTests()
    {
        _latencies = new FileProviderLatencyStore(_directory, keep: 200);
        var polling = Options.Create(new PollingOptions());
        var plans = new AdaptivePollingPlans(polling, Options.Create(new AdaptivePollingOptions { MinSamples = 20 }), _latencies,
            NullLogger<AdaptivePollingPlans>.Instance);
        _starter = new GenerationStarter(Options.Create(new PipelineOptions()), polling, TimeProvider.System, NullLogger<GenerationStarter>.Instance,
            adaptivePolling: plans);
    }

    public void Dispose()
    {
        _latencies.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    async Task<GenerationWorkflowInput> StartAsync(string prompt)
    {
        var outcome = await _starter.StartAsync(_workflows, new GenerationRequest { Prompt = prompt, Provider = "segmind" }, idempotencyKey: null);
        return _workflows.Started[outcome.GenerationId!];
    }

    [Fact]
    public async Task A_generation_after_enough_completed_jobs_starts_with_a_plan_learned_from_them()
    {
        var first = await StartAsync("a lighthouse");
        Assert.Equal(new PollingOptions().For("segmind"), first.Polling);

        // 20 Segmind jobs of this model took 40 s … 78 s.
        for (var i = 0; i < 20; i++) await _latencies.RecordAsync("segmind", first.Model, TimeSpan.FromSeconds(40 + 2 * i));
        await _latencies.RecordAsync("segmind", "another-model", TimeSpan.FromSeconds(500));

        var learned = await StartAsync("a lighthouse at night");

        Assert.Equal(20, learned.Polling.LearnedFrom);
        // The 25 % quantile of 40, 42, … 78 s is 49.5 s: looked at first then, not at the default 25 s.
        Assert.Equal(TimeSpan.FromSeconds(49.5), learned.Polling.FirstPollAfter);
        Assert.True(learned.Polling.Interval >= TimeSpan.FromSeconds(2), "never closer than Segmind's minimum interval");
    }

    [Fact]
    public async Task Too_few_completed_jobs_keep_the_default_plan()
    {
        for (var i = 0; i < 19; i++) await _latencies.RecordAsync("segmind", "luma-uni-1", TimeSpan.FromSeconds(60));
        for (var i = 0; i < 19; i++) await _latencies.RecordAsync("segmind", "luma-uni-1-max", TimeSpan.FromSeconds(60));

        var input = await StartAsync("a lighthouse");

        Assert.Equal(new PollingOptions().For("segmind"), input.Polling);
    }
}
