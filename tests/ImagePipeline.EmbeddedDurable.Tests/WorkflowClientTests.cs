using ImagePipeline.EmbeddedDurable.Tests.Support;
using ImagePipeline.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.EmbeddedDurable.Tests;

public sealed class WorkflowClientTests : IAsyncLifetime
{
    readonly RuntimeHarness _harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    static async Task<object?> WaitForGo(IWorkflowContext context, GenerationWorkflowInput input) =>
        input.Request.Prompt + ":" + await context.WaitForEventAsync<string>("go", CancellationToken.None);

    [Fact]
    public async Task TryStart_with_the_same_id_starts_one_instance_even_concurrently_and_across_restarts()
    {
        const string Id = "tenant/42:Ünïcode?*|<gen>";
        var first = await _harness.StartRuntimeAsync(WaitForGo, new ScriptedSteps());

        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => first.TryStartAsync(Id, TestInputs.For(Id, $"prompt-{i}")))));

        Assert.Single(attempts, started => started);
        Assert.False(await first.TryStartAsync(Id, TestInputs.For(Id)));
        Assert.Equal(1, first.ActiveInstanceCount);
        Assert.Single(Directory.GetFiles(_harness.InstancesDirectory));
        await first.DisposeAsync();

        var second = await _harness.StartRuntimeAsync(WaitForGo, new ScriptedSteps());
        Assert.False(await second.TryStartAsync(Id, TestInputs.For(Id)));
        await second.RaiseEventAsync(Id, "go", "now");
        var instance = await RuntimeHarness.CompletionAsync(second, Id);
        Assert.Equal(Id, instance.InstanceId);
        Assert.Matches("^\"prompt-\\d+:now\"$", instance.SerializedOutput);

        Assert.False(await second.TryStartAsync(Id, TestInputs.For(Id)));
        await second.DisposeAsync();
        var third = await _harness.StartRuntimeAsync(WaitForGo, new ScriptedSteps());
        Assert.False(await third.TryStartAsync(Id, TestInputs.For(Id)));
        Assert.Equal(instance, await third.GetAsync(Id));
    }

    [Fact]
    public async Task Ids_that_differ_only_in_case_or_in_unsafe_characters_are_different_instances()
    {
        var runtime = await _harness.StartRuntimeAsync(WaitForGo, new ScriptedSteps());
        string[] ids = ["Gen-1", "gen-1", "gen/1", "gen:1"];

        foreach (var id in ids)
        {
            Assert.True(await runtime.TryStartAsync(id, TestInputs.For(id, id)));
        }

        foreach (var id in ids)
        {
            await runtime.RaiseEventAsync(id, "go", "x");
            Assert.Equal($"\"{id}:x\"", (await RuntimeHarness.CompletionAsync(runtime, id)).SerializedOutput);
        }
    }

    [Fact]
    public async Task Event_for_an_unknown_or_finished_instance_is_a_no_op()
    {
        var runtime = await _harness.StartRuntimeAsync(WaitForGo, new ScriptedSteps());

        await runtime.RaiseEventAsync("never-started", "go", "x");
        Assert.Null(await runtime.GetAsync("never-started"));
        Assert.Equal(0, runtime.ActiveInstanceCount);

        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1", "p"));
        await runtime.RaiseEventAsync("gen-1", "go", "first");
        var finished = await RuntimeHarness.CompletionAsync(runtime, "gen-1");
        await runtime.RaiseEventAsync("gen-1", "go", "second");

        Assert.Equal(finished, await runtime.GetAsync("gen-1"));
        Assert.Equal("\"p:first\"", finished.SerializedOutput);
    }

    [Fact]
    public async Task New_instance_reads_as_pending_or_running_until_it_finishes()
    {
        var runtime = await _harness.StartRuntimeAsync(WaitForGo, new ScriptedSteps());
        await runtime.TryStartAsync("gen-1", TestInputs.For("gen-1"));

        var running = await runtime.GetAsync("gen-1");
        Assert.Contains(running!.RuntimeStatus, new[] { WorkflowRuntimeStatus.Pending, WorkflowRuntimeStatus.Running });
        Assert.Null(running.SerializedOutput);
        Assert.Equal(RuntimeHarness.Start, running.CreatedAt);

        _harness.Time.Advance(TimeSpan.FromMinutes(3));
        await runtime.RaiseEventAsync("gen-1", "go", "x");
        var finished = await RuntimeHarness.CompletionAsync(runtime, "gen-1");
        Assert.Equal(WorkflowRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Equal(RuntimeHarness.Start.AddMinutes(3), finished.LastUpdatedAt);
    }

    [Fact]
    public async Task A_data_folder_serves_one_runtime_at_a_time()
    {
        var first = await _harness.StartRuntimeAsync(WaitForGo, new ScriptedSteps());
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1", "p"));

        var second = _harness.CreateRuntime(WaitForGo, new ScriptedSteps());
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync(CancellationToken.None));

        await first.DisposeAsync();
        var third = await _harness.StartRuntimeAsync(WaitForGo, new ScriptedSteps());
        await third.RaiseEventAsync("gen-1", "go", "x");
        Assert.Equal("\"p:x\"", (await RuntimeHarness.CompletionAsync(third, "gen-1")).SerializedOutput);
    }

    [Fact]
    public async Task Runtime_with_fsync_on_completes_and_resumes_the_same_way()
    {
        var steps = new ScriptedSteps().On("submit", _ => "job-1");
        Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow = async (context, _) =>
        {
            var jobId = await context.CallStepAsync<string>("submit", null);
            context.SetCustomStatus("submitted");
            return jobId + ":" + await context.WaitForEventAsync<string>("go", CancellationToken.None);
        };
        var first = await _harness.StartRuntimeAsync(workflow, steps, fsyncJournal: true);
        await first.TryStartAsync("gen-1", TestInputs.For("gen-1"));
        await RuntimeHarness.UntilCustomStatusAsync(first, "gen-1", "\"submitted\"");
        await first.DisposeAsync();

        var second = await _harness.StartRuntimeAsync(workflow, steps, fsyncJournal: true);
        await second.RaiseEventAsync("gen-1", "go", "x");

        Assert.Equal("\"job-1:x\"", (await RuntimeHarness.CompletionAsync(second, "gen-1")).SerializedOutput);
        Assert.Equal(1, steps.Calls("submit"));
    }

    [Fact]
    public async Task Dependency_injection_registers_one_runtime_as_client_and_hosted_service()
    {
        var steps = new ScriptedSteps().On("submit", _ => "job-1");
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_harness.Time)
            .AddSingleton<IWorkflowStepInvoker>(steps)
            .AddSingleton(new EmbeddedGenerationWorkflowDefinition(async (context, _) => await context.CallStepAsync<string>("submit", null)))
            .AddEmbeddedGenerationWorkflowRuntime(options =>
            {
                options.DataDirectory = _harness.DataDirectory;
                options.MaxConcurrentSteps = 4;
            });
        await using var provider = services.BuildServiceProvider();

        var runtime = provider.GetRequiredService<EmbeddedGenerationWorkflowRuntime>();
        Assert.Same(runtime, provider.GetRequiredService<IWorkflowClient>());
        Assert.Same(runtime, Assert.Single(provider.GetServices<IHostedService>()));

        await runtime.StartAsync(CancellationToken.None);
        var client = provider.GetRequiredService<IWorkflowClient>();
        Assert.True(await client.TryStartAsync("gen-1", TestInputs.For("gen-1")));
        var instance = await RuntimeHarness.CompletionAsync(runtime, "gen-1");
        Assert.Equal("\"job-1\"", instance.SerializedOutput);
        await runtime.StopAsync(CancellationToken.None);
    }
}
