using ImagePipeline.Generation;
using ImagePipeline.Providers.Resilience;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>
/// SIGKILL of the host and its worker mid-wait, then a restart on the same storage: the generation completes with one
/// submit, within a minute of the restart. What a dead worker had dequeued stays invisible until its visibility
/// timeout, so the worst case (killed inside a step) holds only with host.json's tuned
/// <c>workItemQueueVisibilityTimeout</c> / <c>controlQueueVisibilityTimeout</c> / <c>maxQueuePollingInterval</c>.
/// </summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class CrashRecoveryTests
{
    static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(60);
    readonly FunctionsAppFixture _app;

    public CrashRecoveryTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public Task Killed_between_polls_the_generation_completes_within_a_minute_of_the_restart_with_one_submit() =>
        KillMidWaitAsync("between polls", async () =>
        {
            // A kill at an arbitrary moment of 1 s polls sometimes lands inside an orchestrator episode, whose control
            // message then stays hidden for its full 1 min visibility timeout: that is the mid-step case, not this one.
            // So the status check and each of the client's retries are refused with a 10 s reset: the workflow parks on
            // a 10 s timer with nothing in flight, and the kill lands 2 s into that wait.
            _app.Segmind.Behavior.RateLimitWait = TimeSpan.FromSeconds(10);
            _app.Segmind.Behavior.RateLimitNextRequests = new ProviderResilienceOptions().MaxRetryAttempts + 1;
            await Eventually.ValueAsync(() => Task.FromResult(_app.Segmind.Behavior.RateLimitNextRequests == 0 ? (bool?)true : null),
                TimeSpan.FromSeconds(30), "the status check refused with a 10 s reset", _app);
            await Task.Delay(TimeSpan.FromSeconds(2));
        });

    [Fact]
    public Task Killed_mid_status_check_the_generation_completes_within_a_minute_of_the_restart_with_one_submit() =>
        KillMidWaitAsync("mid status check", async () =>
        {
            // Every answer now takes 4 s: the next status check holds its activity open long enough to die in it.
            _app.Segmind.Behavior.ResponseLatency = TimeSpan.FromSeconds(4);
            await Eventually.ValueAsync(() => Task.FromResult(_app.Segmind.RequestsInFlight > 0 ? (bool?)true : null),
                TimeSpan.FromSeconds(30), "a status check in flight", _app);
        });

    async Task KillMidWaitAsync(string when, Func<Task> untilKill)
    {
        _app.Segmind.Behavior.JobDuration = TimeSpan.FromSeconds(8);
        var submitsBefore = _app.Segmind.SubmitCount;
        var id = await _app.StartAndGetIdAsync(new { prompt = "a lighthouse in a storm", provider = "segmind" });
        await _app.WaitForAsync(id, s => s.ProviderJobId is not null);
        var statusCallsBefore = _app.Segmind.StatusCount;

        await untilKill();
        var sinceRestart = await _app.KillAndRestartAsync();
        _app.Segmind.Behavior.ResponseLatency = TimeSpan.Zero;

        var done = await _app.WaitForTerminalAsync(id, RecoveryBudget + TimeSpan.FromSeconds(30));
        var recovery = sinceRestart.Elapsed;

        Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
        Assert.Equal(submitsBefore + 1, _app.Segmind.SubmitCount);
        Assert.Single(done.Outputs);
        Assert.True(recovery <= RecoveryBudget,
            $"Killed {when}: Completed {recovery.TotalSeconds:F1} s after the restart (budget {RecoveryBudget.TotalSeconds} s); status calls {_app.Segmind.StatusCount - statusCallsBefore}.{Environment.NewLine}{_app.HostLogTail()}");
        Console.WriteLine($"Recovery after SIGKILL {when}: Completed {recovery.TotalSeconds:F1} s after the restart");
    }
}
