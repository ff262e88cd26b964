using ImagePipeline.Providers;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using static ImagePipeline.Functions.Tests.WorkflowInputs;

namespace ImagePipeline.Functions.Tests;

/// <summary>Polling on Durable's Azure Storage backend, whose timers fire up to a second early: the workflow never looks
/// early, and re-arms an early timer once rather than round after round (each round is an orchestration episode with
/// its queue messages and history rows; on the real host a 1 s plan spun about 20 of them per check).</summary>
public sealed class EarlyTimerTests
{
    [Fact]
    public async Task One_second_polling_checks_on_plan_with_at_most_two_timers_per_check()
    {
        var input = Input() with { Polling = new PollingPlan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) };
        var orchestration = new FakeOrchestration(input);
        orchestration.TimersFireInWholeSeconds(episode: TimeSpan.FromMilliseconds(50));
        orchestration.OnActivity(GenerationStepNames.Submit, Submitted);
        var running = Enumerable.Repeat(new CheckStatusStepResult(Status(ProviderJobState.Running), null), 11);
        orchestration.OnActivity(GenerationStepNames.CheckStatus, [.. running, new CheckStatusStepResult(Status(ProviderJobState.Succeeded, Output), null)]);
        orchestration.OnActivity(GenerationStepNames.ArchiveOutput, Archived);

        var outcome = await orchestration.RunAsync();

        Assert.Equal(GenerationStatus.Completed, outcome.Status);
        var checks = orchestration.Activities.Where(a => a.Name == GenerationStepNames.CheckStatus).Select(a => a.At).ToArray();
        Assert.Equal(12, checks.Length);
        var submittedAt = orchestration.Activities[0].At;
        Assert.True(checks[0] >= submittedAt + input.Polling.FirstPollAfter, $"First check {checks[0]:O} before its plan");
        foreach (var (previous, next) in checks.Zip(checks.Skip(1)))
        {
            Assert.InRange(next - previous, input.Polling.Interval, input.Polling.Interval + GenerationWorkflow.EarlyTimerRearm + TimeSpan.FromMilliseconds(200));
        }
        Assert.InRange(orchestration.Timers.Count, checks.Length, 2 * checks.Length);
    }
}
