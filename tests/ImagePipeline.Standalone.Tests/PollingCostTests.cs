using ImagePipeline.Generation;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary>What a wait costs at the provider: a 12 s Segmind job polled every N seconds (first look after N) makes
/// about one status call per interval, counted at the simulator. The Functions end-to-end suite checks the same on the
/// real Functions host.</summary>
public sealed class PollingCostTests
{
    static readonly TimeSpan JobDuration = TimeSpan.FromSeconds(12);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task A_12_second_segmind_job_costs_about_one_status_call_per_polling_interval(int intervalSeconds)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        segmind.Behavior.JobDuration = JobDuration;
        await using var host = await PipelineHost.StartAsync(SimulatorSettings.For(segmind, firstPoll: interval, interval: interval));

        var id = await host.StartAndGetIdAsync(new { prompt = "a harbour at dawn" });
        var done = await host.WaitForTerminalAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(GenerationStatus.Completed, done.Status);
        // Checks at the first poll and then every interval until one finds it done, plus the read of the result.
        var plan = 1 + (int)Math.Ceiling((JobDuration - interval) / interval) + 1;
        Console.WriteLine($"Standalone host: {segmind.StatusCount} status calls for a {JobDuration.TotalSeconds} s Segmind job polled every {interval} (plan {plan})");
        Assert.InRange(segmind.StatusCount, 1, plan + 1); // one for timing jitter
    }
}
