using System.Text;
using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Tests.Support;
using ImagePipeline.Providers;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.EmbeddedDurable.Tests;

/// <summary>A "crash" here is a runtime disposed while instances are in flight, then a new runtime on the same
/// data folder: only what the journal holds carries over.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    readonly RuntimeHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    static async Task<object?> TwoStepsThenApproval(IWorkflowContext context, GenerationWorkflowInput input)
    {
        var submitted = await context.CallStepAsync<string>("submit", input.Request.Prompt);
        var polled = await context.CallStepAsync<string>("poll", submitted);
        context.SetCustomStatus("waiting-for-approval");
        var approval = await context.WaitForEventAsync<string>("approval", CancellationToken.None);
        var archived = await context.CallStepAsync<string>("archive", polled);
        return $"{archived}|{approval}";
    }

    static ScriptedSteps SubmitPollArchive() => new ScriptedSteps()
        .On("submit", input => "job:" + input.GetString())
        .On("poll", input => "done:" + input.GetString())
        .On("archive", input => "stored:" + input.GetString());

    [Fact]
    public async Task Restart_resumes_a_waiting_instance_without_rerunning_completed_steps()
    {
        var steps = SubmitPollArchive();
        var first = await _harness.StartRuntimeAsync(TwoStepsThenApproval, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1", "owl"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"waiting-for-approval\"");
        await first.DisposeAsync();

        var second = await _harness.StartRuntimeAsync(TwoStepsThenApproval, steps);
        Assert.Equal(1, second.ActiveInstanceCount);
        await second.RaiseEventAsync("gen-1", "approval", "yes");
        var instance = await RuntimeHarness.CompletionAsync(second, "gen-1");

        Assert.Equal(WorkflowRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("\"stored:done:job:owl|yes\"", instance.SerializedOutput);
        Assert.Equal(1, steps.Calls("submit"));
        Assert.Equal(1, steps.Calls("poll"));
        Assert.Equal(1, steps.Calls("archive"));
        Assert.Equal(RuntimeHarness.Start, instance.CreatedAt);
    }

    [Fact]
    public async Task Step_cut_off_by_a_crash_runs_again_after_restart()
    {
        var attempts = 0;
        var steps = new ScriptedSteps().On("submit", async (_, cancellationToken) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken); // the process "dies" while this runs
            }

            return "job-1";
        });
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow =
            async (context, _) => await context.CallStepAsync<string>("submit", null);

        var first = await _harness.StartRuntimeAsync(workflow, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        // Wait for the attempt to be counted inside the step, not for the invoker's call count (taken just before
        // it): a step thread preempted in between under heavy load would count its attempt after the second
        // runtime's, leaving the resumed attempt waiting forever instead of the abandoned one.
        await RuntimeHarness.UntilAsync(() => Volatile.Read(ref attempts) == 1, "the step is running");
        await first.DisposeAsync();

        var second = await _harness.StartRuntimeAsync(workflow, steps);
        var instance = await RuntimeHarness.CompletionAsync(second, "gen-1");

        Assert.Equal("\"job-1\"", instance.SerializedOutput);
        Assert.Equal(2, steps.Calls("submit"));
    }

    [Fact]
    public async Task Timer_that_expired_while_down_fires_on_resume_at_its_journaled_time()
    {
        var steps = new ScriptedSteps().On("prepare", _ => "ready");
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow = async (context, _) =>
        {
            await context.CallStepAsync<string>("prepare", null);
            var deadline = context.CurrentUtcDateTime.AddHours(1);
            context.SetCustomStatus("sleeping");
            await context.CreateTimerAsync(deadline, CancellationToken.None);
            return new[] { deadline, context.CurrentUtcDateTime };
        };

        var first = await _harness.StartRuntimeAsync(workflow, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"sleeping\"");
        await first.DisposeAsync();
        Assert.Empty(_harness.Time.PendingTimers);

        _harness.Time.Advance(TimeSpan.FromHours(3));
        var second = await _harness.StartRuntimeAsync(workflow, steps);
        var instance = await RuntimeHarness.CompletionAsync(second, "gen-1");

        var times = JsonSerializer.Deserialize<DateTime[]>(instance.SerializedOutput!)!;
        Assert.Equal(RuntimeHarness.Start.AddHours(1).UtcDateTime, times[0]); // replayed from the journal, not recomputed from "now"
        Assert.Equal(RuntimeHarness.Start.AddHours(3).UtcDateTime, times[1]);
        Assert.Equal(1, steps.Calls("prepare"));
    }

    [Fact]
    public async Task Retry_schedule_survives_a_restart()
    {
        var attempts = 0;
        var steps = new ScriptedSteps().On("download", (JsonElement _) => Interlocked.Increment(ref attempts) == 1
            ? throw new ProviderException("runware", ProviderErrorCodes.ProviderUnavailable, "Runware timed out.", isTransient: true)
            : "bytes");
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow = async (context, _) =>
            await context.CallStepAsync<string>("download", null, new StepRetryPolicy(2, TimeSpan.FromMinutes(5)));

        var first = await _harness.StartRuntimeAsync(workflow, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the retry is scheduled");
        await first.DisposeAsync();

        var second = await _harness.StartRuntimeAsync(workflow, steps);
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the retry is scheduled again");
        Assert.Equal(RuntimeHarness.Start.AddMinutes(5), _harness.Time.PendingTimers[0]);
        Assert.Equal(1, steps.Calls("download"));

        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        var instance = await RuntimeHarness.CompletionAsync(second, "gen-1");

        Assert.Equal("\"bytes\"", instance.SerializedOutput);
        Assert.Equal(2, steps.Calls("download"));
    }

    static async Task<object?> PollUntilCallback(IWorkflowContext context, GenerationWorkflowInput input)
    {
        for (var checks = 0; ; checks++)
        {
            using var stopWaiting = new CancellationTokenSource();
            var timer = context.CreateTimerAsync(context.CurrentUtcDateTime.AddSeconds(30), stopWaiting.Token);
            var cancel = context.WaitForEventAsync<string>("cancel", stopWaiting.Token);
            var callback = context.WaitForEventAsync<string>("callback", stopWaiting.Token);
            var winner = await Task.WhenAny(timer, cancel, callback);
            stopWaiting.Cancel();
            if (winner == callback)
            {
                return $"{await callback} after {checks} checks";
            }

            if (winner == cancel)
            {
                return "canceled";
            }

            await context.CallStepAsync<string>("check", checks + 1);
            context.SetCustomStatus(checks + 1);
        }
    }

    [Fact]
    public async Task Polling_loop_racing_timers_against_events_resumes_after_a_restart()
    {
        var steps = new ScriptedSteps().On("check", _ => "running");
        var first = await _harness.StartRuntimeAsync(PollUntilCallback, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the first check is scheduled");
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "1");
        await first.DisposeAsync();

        var second = await _harness.StartRuntimeAsync(PollUntilCallback, steps);
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the second check is scheduled");
        Assert.Equal(RuntimeHarness.Start.AddSeconds(60), _harness.Time.PendingTimers[0]);
        _harness.Time.Advance(TimeSpan.FromSeconds(30));
        await RuntimeHarness.UntilCustomStatusAsync(second, "gen-1", "2");
        await second.RaiseEventAsync("gen-1", "callback", "succeeded");
        var instance = await RuntimeHarness.CompletionAsync(second, "gen-1");

        Assert.Equal("\"succeeded after 2 checks\"", instance.SerializedOutput);
        Assert.Equal(2, steps.Calls("check"));
        Assert.Empty(_harness.Time.PendingTimers);
    }

    [Fact]
    public async Task Changed_workflow_code_ends_the_instance_Failed_as_non_deterministic()
    {
        var steps = SubmitPollArchive().On("moderate", _ => "clean");
        var first = await _harness.StartRuntimeAsync(TwoStepsThenApproval, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"waiting-for-approval\"");
        await first.DisposeAsync();

        // A new version inserts a step before the ones the journal recorded.
        var second = await _harness.StartRuntimeAsync(
            async (context, input) =>
            {
                await context.CallStepAsync<string>("moderate", input.Request.Prompt);
                return await TwoStepsThenApproval(context, input);
            },
            steps);
        var instance = await RuntimeHarness.CompletionAsync(second, "gen-1");

        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Contains("Non-deterministic workflow", instance.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'moderate'", instance.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(0, steps.Calls("moderate"));
        Assert.Equal(1, steps.Calls("submit"));
    }

    [Fact]
    public async Task Custom_status_is_visible_and_survives_restart()
    {
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow = async (context, _) =>
        {
            context.SetCustomStatus(new { stage = "polling", attempt = 2 });
            return await context.WaitForEventAsync<string>("done", CancellationToken.None);
        };
        const string Status = "{\"stage\":\"polling\",\"attempt\":2}";

        var first = await _harness.StartRuntimeAsync(workflow, new ScriptedSteps());
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", Status);
        await first.DisposeAsync();

        var second = _harness.CreateRuntime(workflow, new ScriptedSteps());
        var beforeStart = await second.GetAsync("gen-1");
        Assert.Equal(Status, beforeStart!.SerializedCustomStatus);
        Assert.Equal(WorkflowRuntimeStatus.Running, beforeStart.RuntimeStatus);

        await second.StartAsync(CancellationToken.None);
        Assert.Equal(Status, (await second.GetAsync("gen-1"))!.SerializedCustomStatus);
        await second.RaiseEventAsync("gen-1", "done", "ok");
        var instance = await RuntimeHarness.CompletionAsync(second, "gen-1");
        await second.DisposeAsync();

        var third = _harness.CreateRuntime(workflow, new ScriptedSteps());
        var afterCompletion = await third.GetAsync("gen-1");
        Assert.Equal(instance, afterCompletion);
        Assert.Equal(Status, afterCompletion!.SerializedCustomStatus);
        Assert.Equal("\"ok\"", afterCompletion.SerializedOutput);
    }

    [Fact]
    public async Task Torn_last_journal_line_is_tolerated_on_resume()
    {
        var steps = SubmitPollArchive();
        var first = await _harness.StartRuntimeAsync(TwoStepsThenApproval, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1", "heron"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"waiting-for-approval\"");
        await first.DisposeAsync();

        // The process died half-way through writing the last record.
        var path = _harness.SingleJournalPath();
        var content = File.ReadAllBytes(path);
        var lastLineStart = Array.LastIndexOf(content, (byte)'\n', content.Length - 2) + 1;
        File.WriteAllBytes(path, content[..(lastLineStart + ((content.Length - lastLineStart) / 2))]);

        var second = await _harness.StartRuntimeAsync(TwoStepsThenApproval, steps);
        await RuntimeHarness.UntilCustomStatusAsync(second, "gen-1", "\"waiting-for-approval\"");
        foreach (var line in File.ReadAllLines(path))
        {
            using var record = JsonDocument.Parse(line); // every record after the repair is whole
        }

        await second.RaiseEventAsync("gen-1", "approval", "yes");
        var instance = await RuntimeHarness.CompletionAsync(second, "gen-1");

        Assert.Equal("\"stored:done:job:heron|yes\"", instance.SerializedOutput);
        Assert.Equal(1, steps.Calls("submit"));
        Assert.Equal(1, steps.Calls("poll"));
    }

    [Fact]
    public async Task Replay_safe_logger_writes_each_line_once_across_a_restart()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var steps = new ScriptedSteps().On("submit", _ => "job-1");
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow = async (context, input) =>
        {
            var logger = context.CreateReplaySafeLogger("Workflow");
            var jobId = await context.CallStepAsync<string>("submit", null);
            logger.LogInformation("Submitted {JobId} for {GenerationId}", jobId, input.GenerationId);
            context.SetCustomStatus("submitted");
            var approval = await context.WaitForEventAsync<string>("approval", CancellationToken.None);
            logger.LogInformation("Approved by {Approver}", approval);
            return approval;
        };

        var first = await _harness.StartRuntimeAsync(workflow, steps, loggerFactory: loggerFactory);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"submitted\"");
        await first.DisposeAsync();

        var second = await _harness.StartRuntimeAsync(workflow, steps, loggerFactory: loggerFactory);
        await second.RaiseEventAsync("gen-1", "approval", "ana");
        await RuntimeHarness.CompletionAsync(second, "gen-1");

        Assert.Single(logs.Messages, message => message == "Submitted job-1 for gen-1");
        Assert.Single(logs.Messages, message => message == "Approved by ana");
    }

    [Fact]
    public async Task Instance_that_finished_before_a_restart_is_not_run_again_and_still_answers()
    {
        var steps = new ScriptedSteps().On("submit", _ => "job-1");
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow =
            async (context, _) => await context.CallStepAsync<string>("submit", null);
        var first = await _harness.StartRuntimeAsync(workflow, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        var finished = await RuntimeHarness.CompletionAsync(first, "gen-1");
        await first.DisposeAsync();

        var second = await _harness.StartRuntimeAsync(workflow, steps);

        Assert.Equal(0, second.ActiveInstanceCount);
        Assert.Equal(finished, await second.GetAsync("gen-1"));
        Assert.Equal(finished, await RuntimeHarness.CompletionAsync(second, "gen-1"));
        Assert.Equal(1, steps.Calls("submit"));
        Assert.Empty(Directory.GetFiles(_harness.InstancesDirectory));
    }

    [Fact]
    public async Task Journal_ending_in_its_final_record_is_finished_on_start_without_running_anything()
    {
        var steps = new ScriptedSteps().On("submit", _ => "job-1");
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow = async (context, _) =>
        {
            await context.CallStepAsync<string>("submit", null);
            context.SetCustomStatus("submitted");
            return await context.WaitForEventAsync<string>("approval", CancellationToken.None);
        };
        var first = await _harness.StartRuntimeAsync(workflow, steps);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"submitted\"");
        await first.DisposeAsync();

        // The process died right after journaling the final record, before compacting the instance.
        var path = _harness.SingleJournalPath();
        File.AppendAllText(path, "{\"kind\":\"Completed\",\"at\":\"2030-01-01T08:00:00+00:00\",\"data\":\"late\"}\n", Encoding.UTF8);

        var second = await _harness.StartRuntimeAsync(workflow, steps);

        Assert.Equal(0, second.ActiveInstanceCount);
        var instance = await second.GetAsync("gen-1");
        Assert.Equal(WorkflowRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal("\"late\"", instance.SerializedOutput);
        Assert.False(File.Exists(path));
        Assert.Equal(1, steps.Calls("submit"));
    }
}
