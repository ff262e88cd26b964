using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Tests.Support;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Tests;

/// <summary>A waiting instance is unloaded from memory and replayed from its journal when it wakes: it must wake on its
/// timer, on an event and on a cancel exactly as a loaded one does.</summary>
public sealed class UnloadedInstanceTests : IAsyncLifetime
{
    readonly RuntimeHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>The generation workflow's shape: submit, then race a polling timer against a callback and a cancel.</summary>
    static async Task<object?> SubmitThenRaceTimerCallbackAndCancel(IWorkflowContext context, GenerationWorkflowInput input)
    {
        var jobId = await context.CallStepAsync<string>("submit", input.Request.Prompt);
        for (var checks = 0; ; checks++)
        {
            context.SetCustomStatus($"waiting {checks}");
            using var stopWaiting = new CancellationTokenSource();
            var timer = context.CreateTimerAsync(context.CurrentUtcDateTime.AddMinutes(30), stopWaiting.Token);
            var cancel = context.WaitForEventAsync<string>("cancel", stopWaiting.Token);
            var callback = context.WaitForEventAsync<string>("callback", stopWaiting.Token);
            var winner = await Task.WhenAny(timer, cancel, callback);
            stopWaiting.Cancel();
            if (winner == cancel)
            {
                return $"{jobId} canceled by {await cancel} after {checks} checks";
            }

            var state = winner == callback ? await callback : await context.CallStepAsync<string>("check", jobId);
            if (state == "succeeded")
            {
                return $"{jobId} succeeded at {context.CurrentUtcDateTime:HH:mm} after {checks} checks";
            }
        }
    }

    async Task<EmbeddedGenerationWorkflowRuntime> StartWaitingAsync(ScriptedSteps steps, params string[] ids)
    {
        var runtime = await _harness.StartRuntimeAsync(SubmitThenRaceTimerCallbackAndCancel, steps.On("submit", input => "job-" + input.GetString()));
        foreach (var id in ids)
        {
            await runtime.TryStartAsync(id, TestInputs.For(id, id));
        }

        foreach (var id in ids)
        {
            await RuntimeHarness.UntilCustomStatusAsync(runtime, id, "\"waiting 0\"");
        }

        await RuntimeHarness.UntilAsync(() => runtime.LoadedInstanceCount == 0, "every waiting instance is unloaded");
        return runtime;
    }

    [Fact]
    public async Task Unloaded_waiting_instance_completes_on_its_timer_without_rerunning_its_steps()
    {
        var checks = 0;
        var steps = new ScriptedSteps().On("check", _ => ++checks < 2 ? "running" : "succeeded");
        var runtime = await StartWaitingAsync(steps, "gen-1");
        Assert.Equal(1, runtime.ActiveInstanceCount);

        _harness.Time.Advance(TimeSpan.FromMinutes(30));
        await RuntimeHarness.UntilCustomStatusAsync(runtime, "gen-1", "\"waiting 1\"");
        await RuntimeHarness.UntilAsync(() => runtime.LoadedInstanceCount == 0, "it is unloaded again while it waits");
        _harness.Time.Advance(TimeSpan.FromMinutes(30));
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal(WorkflowRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("\"job-gen-1 succeeded at 09:00 after 1 checks\"", instance.SerializedOutput);
        Assert.Equal(1, steps.Calls("submit"));
        Assert.Equal(2, steps.Calls("check"));
        Assert.Empty(_harness.Time.PendingTimers);
    }

    [Fact]
    public async Task Unloaded_waiting_instance_completes_on_a_callback_and_its_timer_is_disarmed()
    {
        var steps = new ScriptedSteps();
        var runtime = await StartWaitingAsync(steps, "gen-1");

        await runtime.RaiseEventAsync("gen-1", "callback", "succeeded");
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal("\"job-gen-1 succeeded at 08:00 after 0 checks\"", instance.SerializedOutput);
        Assert.Equal(1, steps.Calls("submit"));
        Assert.Empty(_harness.Time.PendingTimers);
    }

    [Fact]
    public async Task Cancel_reaches_an_unloaded_waiting_instance()
    {
        var runtime = await StartWaitingAsync(new ScriptedSteps(), "gen-1", "gen-2");

        await runtime.RaiseEventAsync("gen-2", "cancel", "ana");
        var canceled = await RuntimeHarness.CompletionAsync(runtime, "gen-2");

        Assert.Equal("\"job-gen-2 canceled by ana after 0 checks\"", canceled.SerializedOutput);
        Assert.Equal(JsonSerializer.Serialize("waiting 0"), (await runtime.GetAsync("gen-1"))!.SerializedCustomStatus);
        Assert.Equal(1, runtime.ActiveInstanceCount);
    }

    [Fact]
    public async Task Instances_waiting_on_timers_share_one_system_timer_set_to_the_earliest()
    {
        var steps = new ScriptedSteps().On("check", _ => "succeeded");
        var runtime = await StartWaitingAsync(steps, "gen-1");
        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        await runtime.TryStartAsync("gen-2", TestInputs.For("gen-2", "gen-2"));
        await RuntimeHarness.UntilCustomStatusAsync(runtime, "gen-2", "\"waiting 0\"");

        Assert.Equal([RuntimeHarness.Start.AddMinutes(30)], _harness.Time.PendingTimers);
        _harness.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("\"job-gen-1 succeeded at 08:30 after 0 checks\"", (await RuntimeHarness.CompletionAsync(runtime, "gen-1")).SerializedOutput);
        Assert.Equal([RuntimeHarness.Start.AddMinutes(40)], _harness.Time.PendingTimers);
        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("\"job-gen-2 succeeded at 08:40 after 0 checks\"", (await RuntimeHarness.CompletionAsync(runtime, "gen-2")).SerializedOutput);
        Assert.Empty(_harness.Time.PendingTimers);
    }

    [Fact]
    public async Task Instance_waiting_less_than_the_unload_threshold_stays_loaded_and_still_completes()
    {
        _harness.UnloadWaitsLongerThan = TimeSpan.FromHours(1);
        _harness.MaxLoadedInstances = 1000;
        var steps = new ScriptedSteps().On("submit", input => "job-" + input.GetString()).On("check", _ => "succeeded");
        var runtime = await _harness.StartRuntimeAsync(SubmitThenRaceTimerCallbackAndCancel, steps);
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1", "gen-1"));
        await RuntimeHarness.UntilCustomStatusAsync(runtime, "gen-1", "\"waiting 0\"");
        await RuntimeHarness.UntilAsync(() => _harness.Time.PendingTimers.Count == 1, "the timer is armed");

        Assert.Equal(1, runtime.LoadedInstanceCount);
        _harness.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal("\"job-gen-1 succeeded at 08:30 after 0 checks\"", (await RuntimeHarness.CompletionAsync(runtime, "gen-1")).SerializedOutput);
    }

    [Fact]
    public async Task Instance_unloaded_while_its_step_runs_gets_the_outcome_and_the_step_runs_once()
    {
        var release = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new ScriptedSteps().On("check", (_, _) => release.Task);
        var runtime = await StartWaitingAsync(steps, "gen-1");
        _harness.Time.Advance(TimeSpan.FromMinutes(30));
        await RuntimeHarness.UntilAsync(() => steps.Calls("check") == 1, "the check runs");
        await RuntimeHarness.UntilAsync(() => runtime.LoadedInstanceCount == 0, "it is unloaded while the check runs");

        // An event wakes it (and replays it) while the step still runs: the step must not be dispatched again.
        await runtime.RaiseEventAsync("gen-1", "unrelated", "ping");
        await RuntimeHarness.UntilAsync(() => runtime.LoadedInstanceCount == 0, "it is unloaded again");
        release.SetResult("succeeded");
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");

        Assert.Equal("\"job-gen-1 succeeded at 08:30 after 0 checks\"", instance.SerializedOutput);
        Assert.Equal(1, steps.Calls("check"));
    }
}
