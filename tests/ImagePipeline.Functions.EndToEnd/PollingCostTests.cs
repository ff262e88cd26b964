using ImagePipeline.Generation;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>What a wait costs at the provider on the real host: a 12 s Segmind job polled on the configured plan makes
/// about one status call per interval, not dozens (the Azure Storage backend fires short timers early; the workflow
/// re-arms them instead of looking early).</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class PollingCostTests
{
    /// <summary>Slack over the plan, for timing jitter.</summary>
    const int Slack = 1;
    static readonly TimeSpan JobDuration = TimeSpan.FromSeconds(12);
    readonly FunctionsAppFixture _app;

    public PollingCostTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task A_12_second_segmind_job_costs_about_one_status_call_per_polling_interval()
    {
        _app.Segmind.Behavior.JobDuration = JobDuration;
        var callsBefore = _app.Segmind.StatusCount;

        var id = await _app.StartAndGetIdAsync(new { prompt = "a harbour at dawn", provider = "segmind" });
        var done = await _app.WaitForTerminalAsync(id, TimeSpan.FromSeconds(90));
        var calls = _app.Segmind.StatusCount - callsBefore;

        Assert.Equal(GenerationStatus.Completed, done.Status);
        // Checks at the first poll and then every interval until one finds it done, plus the read of the result.
        var plan = 1 + (int)Math.Ceiling((JobDuration - _app.SegmindFirstPoll) / _app.SegmindInterval) + 1;
        Console.WriteLine($"Functions host: {calls} status calls for a {JobDuration.TotalSeconds} s Segmind job (first poll {_app.SegmindFirstPoll}, interval {_app.SegmindInterval}; plan {plan})");
        Assert.InRange(calls, 1, plan + Slack);
    }
}
