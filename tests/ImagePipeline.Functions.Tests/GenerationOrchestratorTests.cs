using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using static ImagePipeline.Functions.Tests.WorkflowInputs;

namespace ImagePipeline.Functions.Tests;

/// <summary>The orchestrator function on a mocked <c>TaskOrchestrationContext</c>: what a generation does on Durable Functions.</summary>
public sealed class GenerationOrchestratorTests
{
    [Fact]
    public async Task Polling_until_the_provider_succeeds_archives_the_output_and_completes()
    {
        var orchestration = new FakeOrchestration(Input());
        orchestration.OnActivity(GenerationStepNames.Submit, Submitted);
        orchestration.OnActivity(GenerationStepNames.CheckStatus,
            new CheckStatusStepResult(Status(ProviderJobState.Running), null),
            new CheckStatusStepResult(Status(ProviderJobState.Succeeded, Output), null));
        orchestration.OnActivity(GenerationStepNames.ArchiveOutput, Archived);

        var outcome = await orchestration.RunAsync();

        Assert.Equal(GenerationStatus.Completed, outcome.Status);
        Assert.Equal(JobId, outcome.ProviderJobId);
        Assert.Equal(Archived.Output!.Uri, Assert.Single(outcome.Outputs).Uri);
        Assert.Equal(
            new[] { GenerationStepNames.Submit, GenerationStepNames.CheckStatus, GenerationStepNames.CheckStatus, GenerationStepNames.ArchiveOutput },
            orchestration.ActivityNames.ToArray());

        var submit = Assert.IsType<SubmitStepInput>(orchestration.Activities[0].Input);
        Assert.Equal(orchestration.Input.GenerationId, submit.GenerationId);
        Assert.Equal("a red fox in fresh snow", submit.Request.Prompt);
        var check = Assert.IsType<CheckStatusStepInput>(orchestration.Activities[1].Input);
        Assert.Equal(JobId, check.Job.JobId);
        var archive = Assert.IsType<ArchiveStepInput>(orchestration.Activities[3].Input);
        Assert.Equal(Output.Url, archive.Output.Url);

        // The first look is near the provider's typical latency, not immediately.
        Assert.Equal(CreatedAt.UtcDateTime + orchestration.Input.Polling.FirstPollAfter, orchestration.Timers[0].FireAt);
        var finalStatus = Assert.IsType<GenerationProgress>(orchestration.CustomStatuses[^1]);
        Assert.Equal(GenerationStatus.Completed, finalStatus.Status);
        Assert.Equal(100, finalStatus.Percent);
    }

    [Fact]
    public async Task The_orchestrator_awaits_only_durable_tasks_so_it_replays_within_one_episode()
    {
        // Durable runs orchestrator code one episode at a time on its own scheduler. Awaiting any task that the context
        // did not create (Task.Delay, I/O, CancellationTokenSource.CancelAsync with registered callbacks, ...) resumes
        // the orchestrator on a thread-pool thread after the episode has ended: the instance then stalls or fails with
        // a non-determinism error. With every durable task already complete, a replay-safe orchestrator finishes
        // synchronously inside the call.
        var orchestration = new FakeOrchestration(Input());
        orchestration.OnActivity(GenerationStepNames.Submit, Submitted);
        orchestration.OnActivity(GenerationStepNames.CheckStatus, new CheckStatusStepResult(Status(ProviderJobState.Succeeded, Output), null));
        orchestration.OnActivity(GenerationStepNames.ArchiveOutput, Archived);

        var run = orchestration.RunAsync();

        Assert.True(run.IsCompleted, "The orchestrator awaited a task that is not a durable task.");
        Assert.Equal(GenerationStatus.Completed, (await run).Status);
    }

    [Fact]
    public async Task A_provider_webhook_ends_the_wait_at_once_and_cancels_the_polling_timer()
    {
        var orchestration = new FakeOrchestration(Input());
        orchestration.TimersNeverFire();
        orchestration.OnActivity(GenerationStepNames.Submit, Submitted);
        orchestration.OnActivity(GenerationStepNames.ArchiveOutput, Archived);
        orchestration.EventArrives(WorkflowEvents.ProviderCallback,
            new ProviderCallbackEvent(ProviderNames.Mock, Status(ProviderJobState.Succeeded, Output), CreatedAt.AddSeconds(40)));

        var outcome = await orchestration.RunAsync();

        Assert.Equal(GenerationStatus.Completed, outcome.Status);
        Assert.DoesNotContain(GenerationStepNames.CheckStatus, orchestration.ActivityNames);
        var timer = Assert.Single(orchestration.Timers);
        Assert.True(timer.CancellationToken.IsCancellationRequested, "The losing polling timer must be cancelled, or the instance stays Running until it fires.");
    }

    [Fact]
    public async Task A_cancel_request_stops_waiting_cancels_the_provider_job_and_ends_canceled()
    {
        var orchestration = new FakeOrchestration(Input());
        orchestration.TimersNeverFire();
        orchestration.OnActivity(GenerationStepNames.Submit, Submitted);
        orchestration.OnActivity(GenerationStepNames.CancelProviderJob, true);
        orchestration.EventArrives(WorkflowEvents.Cancel, new CancelRequest(CreatedAt.AddSeconds(5), "changed my mind"));

        var outcome = await orchestration.RunAsync();

        Assert.Equal(GenerationStatus.Canceled, outcome.Status);
        Assert.Equal(ProviderErrorCodes.Canceled, outcome.Error?.Code);
        var cancel = Assert.IsType<CancelProviderJobStepInput>(Assert.Single(orchestration.Activities, a => a.Name == GenerationStepNames.CancelProviderJob).Input);
        Assert.Equal(JobId, cancel.Job.JobId);
        Assert.True(Assert.Single(orchestration.Timers).CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task A_job_still_running_at_its_deadline_fails_with_provider_timeout()
    {
        var input = Input();
        var orchestration = new FakeOrchestration(input, startAt: (input.CreatedAt + input.JobTimeout).UtcDateTime.AddSeconds(1));
        orchestration.OnActivity(GenerationStepNames.Submit, Submitted);
        orchestration.OnActivity(GenerationStepNames.CancelProviderJob, true);

        var outcome = await orchestration.RunAsync();

        Assert.Equal(GenerationStatus.Failed, outcome.Status);
        Assert.Equal(ProviderErrorCodes.ProviderTimeout, outcome.Error?.Code);
        Assert.Contains(GenerationStepNames.CancelProviderJob, orchestration.ActivityNames);
        Assert.Empty(orchestration.Timers);
    }

    [Fact]
    public async Task Safe_steps_carry_their_retry_policy_to_Durable_and_the_submit_is_never_retried()
    {
        var orchestration = new FakeOrchestration(Input());
        orchestration.OnActivity(GenerationStepNames.Submit, Submitted);
        orchestration.OnActivity(GenerationStepNames.CheckStatus, new CheckStatusStepResult(Status(ProviderJobState.Succeeded, Output), null));
        orchestration.OnActivity(GenerationStepNames.ArchiveOutput, Archived);

        await orchestration.RunAsync();

        Assert.Null(orchestration.Activities.Single(a => a.Name == GenerationStepNames.Submit).Options?.Retry);
        var statusRetry = orchestration.Activities.Single(a => a.Name == GenerationStepNames.CheckStatus).Options?.Retry?.Policy;
        Assert.NotNull(statusRetry);
        Assert.Equal(GenerationWorkflow.StatusRetry.MaxNumberOfAttempts, statusRetry.MaxNumberOfAttempts);
        Assert.Equal(GenerationWorkflow.StatusRetry.FirstRetryInterval, statusRetry.FirstRetryInterval);
        var archiveRetry = orchestration.Activities.Single(a => a.Name == GenerationStepNames.ArchiveOutput).Options?.Retry?.Policy;
        Assert.NotNull(archiveRetry);
        Assert.Equal(GenerationWorkflow.ArchiveRetry.MaxNumberOfAttempts, archiveRetry.MaxNumberOfAttempts);
        Assert.Equal(GenerationWorkflow.ArchiveRetry.BackoffCoefficient, archiveRetry.BackoffCoefficient);
    }

    [Fact]
    public async Task An_archive_step_that_fails_after_its_retries_fails_the_generation_with_the_steps_error_code()
    {
        var orchestration = new FakeOrchestration(Input());
        orchestration.OnActivity(GenerationStepNames.Submit, Submitted);
        orchestration.OnActivity(GenerationStepNames.CheckStatus, new CheckStatusStepResult(Status(ProviderJobState.Succeeded, Output), null));
        orchestration.OnActivityFails<ArchiveStepResult>(GenerationStepNames.ArchiveOutput,
            new StepException(ProviderErrorCodes.ResultExpired, "[result_expired] The provider deleted the image before it was copied."));

        var outcome = await orchestration.RunAsync();

        Assert.Equal(GenerationStatus.Failed, outcome.Status);
        Assert.Equal(ProviderErrorCodes.ResultExpired, outcome.Error?.Code);
        Assert.Contains("The provider deleted the image", outcome.Error?.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[result_expired]", outcome.Error?.Message, StringComparison.Ordinal);
    }
}
