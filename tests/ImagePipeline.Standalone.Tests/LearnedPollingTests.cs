using ImagePipeline.Generation;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Polling learned from completed jobs, seen from outside: once a few Segmind jobs have finished, the next
/// generation looks first near their typical finish, so it costs fewer status calls at the provider, and the host's log
/// says the plan was learned and from how many jobs.</summary>
public sealed class LearnedPollingTests
{
    static readonly TimeSpan JobDuration = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task After_a_few_completed_jobs_the_next_generation_looks_first_near_their_finish_and_costs_fewer_status_calls()
    {
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        segmind.Behavior.JobDuration = JobDuration;
        var logs = new CapturedLogs();
        var settings = SimulatorSettings.For(segmind, firstPoll: TimeSpan.FromMilliseconds(500), interval: TimeSpan.FromMilliseconds(500));
        settings["Pipeline:AdaptivePolling:MinSamples"] = "3";
        settings["Logging:LogLevel:ImagePipeline.Starting"] = "Information";
        await using var host = await PipelineHost.StartAsync(settings, logs: logs);

        // Three jobs under the default plan (a look every 0.5 s), at once.
        var ids = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => host.StartAndGetIdAsync(new { prompt = $"a harbour at dawn {i}" })));
        foreach (var id in ids) Assert.Equal(GenerationStatus.Completed, (await host.WaitForTerminalAsync(id, TimeSpan.FromSeconds(60))).Status);
        var defaultCalls = segmind.StatusCount / 3.0;

        var before = segmind.StatusCount;
        var learned = await host.StartAndGetIdAsync(new { prompt = "a harbour at dusk" });
        Assert.Equal(GenerationStatus.Completed, (await host.WaitForTerminalAsync(learned, TimeSpan.FromSeconds(60))).Status);
        var learnedCalls = segmind.StatusCount - before;

        Console.WriteLine($"{JobDuration.TotalSeconds} s Segmind job: {defaultCalls:F1} status calls on the default plan, {learnedCalls} on the learned one");
        Assert.True(defaultCalls >= 4, $"the default plan looks every 0.5 s ({defaultCalls} calls)");
        Assert.InRange(learnedCalls, 2, 3); // one look at the learned quantile (perhaps a second) and the result read
        Assert.Contains(logs.Entries, e => e.Message.Contains(learned, StringComparison.Ordinal)
            && e.Message.Contains("polling learned from 3 completed jobs", StringComparison.Ordinal));
    }
}
