using ImagePipeline.EmbeddedDurable.Tests.Support;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Tests;

/// <summary>A data folder that stops taking writes (full or read-only disk), simulated by failing every journal write
/// the way the file system would: instances park, new work is refused with a reason, and once writes succeed again
/// the parked instances resume by themselves, without a restart, without re-running completed steps.</summary>
public sealed class JournalOutageTests : IAsyncLifetime
{
    const int Enospc = 28;
    static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(30);

    readonly RuntimeHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    static IOException DiskFull() => new("No space left on device", Enospc);

    static async Task<object?> SubmitThenPoll(IWorkflowContext context, GenerationWorkflowInput input)
    {
        var job = await context.CallStepAsync<string>("submit", input.Request.Prompt);
        return await context.CallStepAsync<string>("poll", job);
    }

    [Fact]
    public async Task Instance_stalled_by_a_full_disk_resumes_by_itself_once_writes_succeed()
    {
        var pollMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var steps = new ScriptedSteps()
            .On("submit", input => "job:" + input.GetString())
            .On("poll", async (input, _) =>
            {
                await pollMayFinish.Task;
                return "done:" + input.GetString();
            });
        var runtime = await _harness.StartRuntimeAsync(SubmitThenPoll, steps);
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1", "owl"));
        await RuntimeHarness.UntilAsync(() => steps.Calls("poll") == 1, "the poll step runs");

        runtime.InjectedWriteFault.Set(DiskFull());
        pollMayFinish.SetResult();
        await RuntimeHarness.UntilAsync(() => runtime.StalledInstanceCount == 1, "the instance stalls");

        // During the outage: reported, refused with a reason, the stalled instance still Running to callers.
        var health = runtime.Current;
        Assert.False(health.Writable);
        Assert.Equal(1, health.StalledInstances);
        Assert.Equal("no space left on the device", health.Reason);
        Assert.Equal(WorkflowRuntimeStatus.Running, (await runtime.GetAsync("gen-1"))!.RuntimeStatus);
        await Assert.ThrowsAsync<WorkflowStoreUnavailableException>(() => runtime.TryStartAsync("gen-2", TestInputs.For("gen-2")));
        await Assert.ThrowsAsync<WorkflowStoreUnavailableException>(() => runtime.RaiseEventAsync("gen-1", "approval", "yes"));

        // Still full for two minutes: the probe keeps backing off, never further apart than 30 s.
        for (var second = 0; second < 120; second++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(2);
            Assert.True(runtime.Current.RetryAfter <= MaxBackOff, $"Retry-After {runtime.Current.RetryAfter} exceeds the back-off cap.");
        }

        Assert.Equal(1, runtime.StalledInstanceCount);

        // Space is freed: within one back-off period the instance is resumed and finishes, without a restart.
        runtime.InjectedWriteFault.Clear();
        var completion = runtime.WaitForCompletionAsync("gen-1", CancellationToken.None);
        for (var second = 0; second <= MaxBackOff.TotalSeconds && !completion.IsCompleted; second++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        var instance = await completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(WorkflowRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("\"done:job:owl\"", instance.SerializedOutput);
        Assert.Equal(1, steps.Calls("submit"));
        Assert.Equal(2, steps.Calls("poll")); // its outcome never reached the journal, so it ran again
        Assert.True(runtime.Current.IsHealthy);
    }

    [Fact]
    public async Task A_step_that_hits_a_full_disk_parks_the_instance_instead_of_failing_it()
    {
        var attempts = 0;
        var steps = new ScriptedSteps().On("archive", (_, _) =>
            Interlocked.Increment(ref attempts) == 1 ? throw DiskFull() : Task.FromResult<object?>("stored"));
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow =
            async (context, _) => await context.CallStepAsync<string>("archive", null);
        var runtime = await _harness.StartRuntimeAsync(workflow, steps);

        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        var completion = runtime.WaitForCompletionAsync("gen-1", CancellationToken.None);
        await RuntimeHarness.UntilAsync(() => steps.Calls("archive") == 1, "the step has run once");
        while (!completion.IsCompleted)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(completion, Task.Delay(20));
        }

        var instance = await completion;
        Assert.Equal(WorkflowRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("\"stored\"", instance.SerializedOutput);
        Assert.Equal(2, steps.Calls("archive"));
    }

    [Fact]
    public async Task A_step_whose_own_disk_stays_full_is_retried_with_growing_pauses_and_finishes_once_it_has_room()
    {
        // The journal is writable (the probe passes), but the step's own folder is full: each resume re-stalls at once.
        var full = true;
        var steps = new ScriptedSteps().On("archive", (_, _) => Volatile.Read(ref full) ? throw DiskFull() : Task.FromResult<object?>("stored"));
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow =
            async (context, _) => await context.CallStepAsync<string>("archive", null);
        var runtime = await _harness.StartRuntimeAsync(workflow, steps);
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilAsync(() => steps.Calls("archive") == 1, "the step has run once");

        for (var second = 0; second < 120; second++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        // Two minutes of a full disk: pauses of 1, 2, 4, 8, 16, then 30 s — not a replay every second.
        Assert.InRange(steps.Calls("archive"), 2, 10);
        Assert.Equal(WorkflowRuntimeStatus.Running, (await runtime.GetAsync("gen-1"))!.RuntimeStatus);

        Volatile.Write(ref full, false);
        var completion = runtime.WaitForCompletionAsync("gen-1", CancellationToken.None);
        for (var second = 0; second <= MaxBackOff.TotalSeconds && !completion.IsCompleted; second++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(completion, Task.Delay(20));
        }

        Assert.Equal(WorkflowRuntimeStatus.Completed, (await completion.WaitAsync(TimeSpan.FromSeconds(30))).RuntimeStatus);
    }

    [Fact]
    public async Task A_start_refused_for_a_full_disk_leaves_nothing_behind_and_succeeds_once_space_returns()
    {
        var steps = new ScriptedSteps().On("submit", input => "job:" + input.GetString()).On("poll", input => "done:" + input.GetString());
        var runtime = await _harness.StartRuntimeAsync(SubmitThenPoll, steps);

        runtime.InjectedWriteFault.Set(DiskFull());
        await Assert.ThrowsAsync<WorkflowStoreUnavailableException>(() => runtime.TryStartAsync("gen-1", TestInputs.For("gen-1")));
        Assert.Empty(Directory.GetFiles(_harness.InstancesDirectory, "*.journal"));
        Assert.False(runtime.Current.Writable);

        runtime.InjectedWriteFault.Clear();
        while (!runtime.Current.Writable)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.True(await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1")));
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");
        Assert.Equal(WorkflowRuntimeStatus.Completed, instance.RuntimeStatus);
    }

    [Fact]
    public async Task A_read_only_data_folder_fails_the_start_with_the_folder_and_the_reason()
    {
        // The runtime's start-up probe goes through the same seam as every journal write.
        var runtime = _harness.CreateRuntime(SubmitThenPoll, new ScriptedSteps());
        runtime.InjectedWriteFault.Set(new IOException("Read-only file system", 30));

        var refused = await Assert.ThrowsAsync<Pipeline.DataFolderUnavailableException>(() => runtime.StartAsync(CancellationToken.None));
        Assert.Contains(_harness.DataDirectory, refused.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", refused.Message, StringComparison.Ordinal);
    }
}
