using ImagePipeline.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using static ImagePipeline.Functions.Tests.WorkflowInputs;

namespace ImagePipeline.Functions.Tests;

public sealed class DurableWorkflowClientTests
{
    readonly DurableTaskClient _durable = Substitute.For<DurableTaskClient>("test");

    [Fact]
    public async Task Starting_a_new_generation_schedules_the_workflow_under_the_generation_id()
    {
        var input = Input();

        var started = await new DurableWorkflowClient(_durable).TryStartAsync(input.GenerationId, input);

        Assert.True(started);
        await _durable.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == GenerationWorkflow.Name),
            input,
            Arg.Is<StartOrchestrationOptions?>(o => o != null && o.InstanceId == input.GenerationId),
            Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    public async Task An_existing_instance_in_any_state_is_never_started_again(OrchestrationRuntimeStatus status)
    {
        var input = Input();
        Exists(input.GenerationId, status);

        var started = await new DurableWorkflowClient(_durable).TryStartAsync(input.GenerationId, input);

        Assert.False(started);
        await _durable.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, default);
    }

    [Fact]
    public async Task Losing_a_race_to_start_the_same_generation_reports_it_as_existing()
    {
        var input = Input();
        _durable.GetInstanceAsync(input.GenerationId, Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<OrchestrationMetadata?>(null), Task.FromResult<OrchestrationMetadata?>(Metadata(input.GenerationId, OrchestrationRuntimeStatus.Pending)));
        _durable.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new InvalidOperationException("An orchestration with this instance ID already exists."));

        var started = await new DurableWorkflowClient(_durable).TryStartAsync(input.GenerationId, input);

        Assert.False(started);
    }

    [Fact]
    public async Task A_start_that_fails_for_another_reason_surfaces_the_error()
    {
        var input = Input();
        _durable.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new InvalidOperationException("The task hub is unavailable."));

        await Assert.ThrowsAsync<InvalidOperationException>(() => new DurableWorkflowClient(_durable).TryStartAsync(input.GenerationId, input));
    }

    [Fact]
    public async Task Reading_an_instance_fetches_its_inputs_and_outputs()
    {
        Exists("gen_1", OrchestrationRuntimeStatus.Running);

        var instance = await new DurableWorkflowClient(_durable).GetAsync("gen_1");

        Assert.NotNull(instance);
        Assert.Equal(WorkflowRuntimeStatus.Running, instance.RuntimeStatus);
        Assert.Equal("{\"status\":\"Running\"}", instance.SerializedCustomStatus);
        await _durable.Received().GetInstanceAsync("gen_1", true, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Reading_an_unknown_instance_returns_null()
    {
        Assert.Null(await new DurableWorkflowClient(_durable).GetAsync("gen_unknown"));
    }

    [Fact]
    public async Task Events_reach_a_running_instance()
    {
        Exists("gen_1", OrchestrationRuntimeStatus.Running);
        var cancel = new CancelRequest(CreatedAt);

        await new DurableWorkflowClient(_durable).RaiseEventAsync("gen_1", WorkflowEvents.Cancel, cancel);

        await _durable.Received(1).RaiseEventAsync("gen_1", WorkflowEvents.Cancel, cancel, Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    public async Task Events_for_finished_instances_are_dropped(OrchestrationRuntimeStatus status)
    {
        Exists("gen_1", status);

        await new DurableWorkflowClient(_durable).RaiseEventAsync("gen_1", WorkflowEvents.Cancel, new CancelRequest(CreatedAt));

        await _durable.DidNotReceiveWithAnyArgs().RaiseEventAsync(default!, default!, default, default);
    }

    [Fact]
    public async Task Events_for_unknown_instances_are_dropped()
    {
        await new DurableWorkflowClient(_durable).RaiseEventAsync("gen_unknown", WorkflowEvents.Cancel, new CancelRequest(CreatedAt));

        await _durable.DidNotReceiveWithAnyArgs().RaiseEventAsync(default!, default!, default, default);
    }

    void Exists(string instanceId, OrchestrationRuntimeStatus status) =>
        _durable.GetInstanceAsync(instanceId, Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<OrchestrationMetadata?>(Metadata(instanceId, status)));

    static OrchestrationMetadata Metadata(string instanceId, OrchestrationRuntimeStatus status) => new(GenerationWorkflow.Name, instanceId)
    {
        RuntimeStatus = status,
        CreatedAt = CreatedAt,
        LastUpdatedAt = CreatedAt,
        SerializedCustomStatus = "{\"status\":\"Running\"}",
    };
}
