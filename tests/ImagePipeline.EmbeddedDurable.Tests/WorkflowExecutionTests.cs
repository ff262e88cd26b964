using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Tests.Support;
using ImagePipeline.Providers;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Tests;

public sealed class WorkflowExecutionTests : IAsyncLifetime
{
    readonly RuntimeHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    sealed record SubmitPollApproveOutput(string JobId, int Progress, string Approval, DateTime PolledAt);

    static async Task<object?> SubmitPollApprove(IWorkflowContext context, GenerationWorkflowInput input)
    {
        var jobId = await context.CallStepAsync<string>("submit", input.Request.Prompt);
        await context.CreateTimerAsync(context.CurrentUtcDateTime.AddMinutes(1), CancellationToken.None);
        var progress = await context.CallStepAsync<int>("poll", jobId);
        var polledAt = context.CurrentUtcDateTime;
        context.SetCustomStatus("awaiting-approval");
        var approval = await context.WaitForEventAsync<string>("approval", CancellationToken.None);
        return new SubmitPollApproveOutput(jobId, progress, approval, polledAt);
    }

    [Fact]
    public async Task Workflow_with_steps_timer_and_event_completes_with_its_output()
    {
        var steps = new ScriptedSteps()
            .On("submit", input => "job-" + input.GetString())
            .On("poll", _ => 100);
        var runtime = await _harness.StartRuntimeAsync(SubmitPollApprove, steps);

        Assert.True(await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1", "fox")));
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the poll timer is armed");
        Assert.Equal(RuntimeHarness.Start.AddMinutes(1), _harness.Time.PendingTimers[0]);
        Assert.Equal(0, steps.Calls("poll"));

        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        await RuntimeHarness.UntilCustomStatusAsync(runtime, "gen-1", "\"awaiting-approval\"");
        await runtime.RaiseEventAsync("gen-1", "approval", "approved-by-ana");
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal(WorkflowRuntimeStatus.Completed, instance.RuntimeStatus);
        var output = JsonSerializer.Deserialize<SubmitPollApproveOutput>(instance.SerializedOutput!, WorkflowJson.Options)!;
        Assert.Equal(new SubmitPollApproveOutput("job-fox", 100, "approved-by-ana", RuntimeHarness.Start.AddMinutes(1).UtcDateTime), output);
        Assert.Equal("\"awaiting-approval\"", instance.SerializedCustomStatus);
        Assert.Contains("\"fox\"", instance.SerializedInput, StringComparison.Ordinal);
        Assert.Equal(RuntimeHarness.Start, instance.CreatedAt);
        Assert.Equal(1, steps.Calls("submit"));
        Assert.Equal(1, steps.Calls("poll"));
        Assert.Equal(0, runtime.ActiveInstanceCount);
    }

    [Fact]
    public async Task Steps_never_run_more_than_MaxConcurrentSteps_at_once()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new ScriptedSteps().On("render", async (_, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await gate.Task;
            Interlocked.Decrement(ref inFlight);
            return "rendered";
        });
        var runtime = await _harness.StartRuntimeAsync(
            async (context, _) => await context.CallStepAsync<string>("render", null), steps, maxConcurrentSteps: 3);

        for (var i = 0; i < 8; i++)
        {
            Assert.True(await runtime.TryStartAsync($"gen-{i}", TestInputs.For($"gen-{i}")));
        }

        await RuntimeHarness.UntilAsync(() => Volatile.Read(ref inFlight) == 3, "three steps run");
        await Task.Delay(200); // room for a fourth step to (wrongly) start before the gate opens
        Assert.Equal(3, steps.Calls("render"));

        gate.SetResult();
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(WorkflowRuntimeStatus.Completed, (await RuntimeHarness.CompletionAsync(runtime, $"gen-{i}")).RuntimeStatus);
        }

        Assert.Equal(3, maxInFlight);
        Assert.Equal(8, steps.Calls("render"));
    }

    [Fact]
    public async Task Events_raised_before_the_wait_are_buffered_and_delivered_in_order()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new ScriptedSteps().On("submit", async (_, _) =>
        {
            await gate.Task;
            return "job-1";
        });
        var runtime = await _harness.StartRuntimeAsync(
            async (context, _) =>
            {
                await context.CallStepAsync<string>("submit", null);
                var first = await context.WaitForEventAsync<string>("progress", CancellationToken.None);
                var second = await context.WaitForEventAsync<string>("progress", CancellationToken.None);
                return $"{first},{second}";
            },
            steps);

        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilAsync(() => steps.Calls("submit") == 1, "the step runs");
        await runtime.RaiseEventAsync("gen-1", "progress", "40%");
        await runtime.RaiseEventAsync("gen-1", "progress", "90%");
        gate.SetResult();

        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");
        Assert.Equal("\"40%,90%\"", instance.SerializedOutput);
    }

    [Fact]
    public async Task Failing_step_is_retried_on_durable_timers_then_surfaces_WorkflowStepFailedException_with_its_error_code()
    {
        var steps = new ScriptedSteps().On("download", (JsonElement _) =>
            throw new ProviderException("segmind", ProviderErrorCodes.ProviderUnavailable, "Segmind answered 503."));
        var runtime = await _harness.StartRuntimeAsync(
            async (context, _) =>
            {
                try
                {
                    return await context.CallStepAsync<string>("download", "job-1", new StepRetryPolicy(3, TimeSpan.FromSeconds(10)));
                }
                catch (WorkflowStepFailedException ex)
                {
                    return new[] { ex.StepName, ex.ErrorType, ex.ErrorCode, ex.Message };
                }
            },
            steps);

        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the first retry is scheduled");
        Assert.Equal(1, steps.Calls("download"));
        Assert.Equal(RuntimeHarness.Start.AddSeconds(10), _harness.Time.PendingTimers[0]);

        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1 && steps.Calls("download") == 2, "the second retry is scheduled");
        Assert.Equal(RuntimeHarness.Start.AddSeconds(30), _harness.Time.PendingTimers[0]);

        _harness.Time.Advance(TimeSpan.FromSeconds(20));
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal(3, steps.Calls("download"));
        var failure = JsonSerializer.Deserialize<string[]>(instance.SerializedOutput!)!;
        Assert.Equal(new[] { "download", typeof(ProviderException).FullName!, ProviderErrorCodes.ProviderUnavailable, "Segmind answered 503." }, failure);
    }

    [Fact]
    public async Task Step_failure_without_retry_policy_carries_the_StepException_error_code()
    {
        var steps = new ScriptedSteps().On("archive", (JsonElement _) =>
            throw new StepException(ProviderErrorCodes.ArchiveFailed, "Blob container is gone."));
        var runtime = await _harness.StartRuntimeAsync(
            async (context, _) => await context.CallStepAsync<string>("archive", null), steps);

        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Equal("Blob container is gone.", instance.FailureMessage);
        Assert.Equal(1, steps.Calls("archive"));
    }

    [Fact]
    public async Task Event_winning_a_race_cancels_the_timer_and_the_workflow_continues()
    {
        var steps = new ScriptedSteps().On("archive", input => "archived:" + input.GetString());
        var runtime = await _harness.StartRuntimeAsync(
            async (context, _) =>
            {
                using var timeout = new CancellationTokenSource();
                var deadline = context.CreateTimerAsync(context.CurrentUtcDateTime.AddMinutes(10), timeout.Token);
                var callback = context.WaitForEventAsync<string>("callback", CancellationToken.None);
                var winner = await Task.WhenAny(deadline, callback);
                if (winner == callback)
                {
                    timeout.Cancel();
                }

                var archived = await context.CallStepAsync<string>("archive", await callback);
                return new[] { winner == callback ? "callback" : "deadline", deadline.IsCanceled.ToString(), archived };
            },
            steps);

        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the deadline timer is armed");
        await runtime.RaiseEventAsync("gen-1", "callback", "image-7");
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal(WorkflowRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(["callback", "True", "archived:image-7"], JsonSerializer.Deserialize<string[]>(instance.SerializedOutput!)!);
        Assert.Empty(_harness.Time.PendingTimers);
    }

    [Fact]
    public async Task Timer_winning_a_race_leaves_the_event_wait_and_the_workflow_continues()
    {
        var runtime = await _harness.StartRuntimeAsync(
            async (context, _) =>
            {
                using var stopWaiting = new CancellationTokenSource();
                var deadline = context.CreateTimerAsync(context.CurrentUtcDateTime.AddMinutes(10), CancellationToken.None);
                var callback = context.WaitForEventAsync<string>("callback", stopWaiting.Token);
                var winner = await Task.WhenAny(deadline, callback);
                stopWaiting.Cancel();
                return winner == deadline ? $"timed out, wait canceled: {callback.IsCanceled}" : "callback";
            },
            new ScriptedSteps());

        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the deadline timer is armed");
        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal("\"timed out, wait canceled: True\"", instance.SerializedOutput);
    }

    [Fact]
    public async Task Workflow_exception_ends_the_instance_Failed_with_its_message()
    {
        var steps = new ScriptedSteps().On("submit", _ => "job-1");
        var runtime = await _harness.StartRuntimeAsync(
            async (context, _) =>
            {
                await context.CallStepAsync<string>("submit", null);
                throw new InvalidOperationException("The provider refused the prompt.");
            },
            steps);

        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal(WorkflowRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Equal("The provider refused the prompt.", instance.FailureMessage);
        Assert.Null(instance.SerializedOutput);
        Assert.Equal(WorkflowRuntimeStatus.Failed, (await runtime.GetAsync("gen-1"))!.RuntimeStatus);
    }

    static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
