using System.Text.Json;
using ImagePipeline.Conformance.Tests.Support;
using ImagePipeline.Functions;
using ImagePipeline.Generation;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;
using Microsoft.DurableTask;

namespace ImagePipeline.Conformance.Tests.Replay;

/// <summary>
/// The Durable Task half of the replay tests: replays the checked-in Durable Task histories of the conformance
/// scenarios against the Functions host's current orchestrator (<see cref="GenerationOrchestrator"/>) through the
/// worker's own orchestration runner, so a change that would fail generations in flight on Azure Functions with a
/// non-determinism error after a deploy fails here first, naming the scenario. Re-record with <c>RECORD_HISTORIES=1</c>
/// (README, "Changing the workflow safely") only when old histories no longer matter.
/// </summary>
public sealed class DurableHistoryReplayTests
{
    static string DurableHistories => Path.Combine(AppContext.BaseDirectory, "Histories", "durabletask");

    static IEnumerable<string> RecordedScenarios() =>
        Directory.EnumerateFiles(DurableHistories, "*.json").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal);

    public static TheoryData<string> DurableScenarios() => new(RecordedScenarios());

    [Theory]
    [MemberData(nameof(DurableScenarios))]
    public void Recorded_durabletask_history_replays_against_the_current_orchestrator(string scenario)
    {
        var history = Load(scenario);

        for (var i = 0; i < history.Instances.Count; i++)
        {
            var divergence = DurableHistoryReplayer.Replay(history.Instances[i], RunCurrentOrchestratorAsync);
            Assert.True(divergence is null,
                $"Scenario '{scenario}' (Durable Task instance {i + 1} of {history.Instances.Count}) no longer replays: {divergence}\n" +
                "Generations in flight during a deploy would fail. Version the change instead (README: \"Changing the workflow safely\").");
        }
    }

    [Fact]
    public void Every_guarded_scenario_has_a_recorded_durabletask_history()
    {
        var missing = HistoryReplayTests.RequiredScenarios.Except(RecordedScenarios(), StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"No recorded Durable Task history for: {string.Join(", ", missing)}. Record with {HistoryRecorder.EnvironmentVariable}=1.");
    }

    [Fact]
    public void An_extra_step_before_submit_is_reported_as_non_deterministic()
    {
        var history = Load("Segmind_polling_completes_with_one_status_call");

        var divergence = DurableHistoryReplayer.Replay(history.Instances[0], async (context, input) =>
        {
            var workflow = new DurableWorkflowContext(context);
            await workflow.CallStepAsync<bool>("CheckQuota", input!.GenerationId);
            return await GenerationWorkflow.RunAsync(workflow, input);
        });

        Assert.NotNull(divergence);
        Assert.Contains("non-deterministic replay", divergence);
        Assert.Contains($"named '{GenerationStepNames.Submit}', but the current orchestration replay instead scheduled an activity task named 'CheckQuota'", divergence);
    }

    [Fact]
    public void A_history_that_ended_completed_fails_when_the_orchestrator_now_fails()
    {
        var history = Load("Segmind_polling_completes_with_one_status_call");

        var divergence = DurableHistoryReplayer.Replay(history.Instances[0], async (context, input) =>
        {
            await GenerationOrchestrator.RunAsync(context);
            throw new InvalidOperationException("a new final check fails");
        });

        Assert.NotNull(divergence);
        Assert.Contains("a new final check fails", divergence);
    }

    [Fact]
    public void A_generation_that_ended_failed_is_reported_when_the_orchestrator_now_ends_it_otherwise()
    {
        var history = Load("Deadline_ends_with_provider_timeout");

        var divergence = DurableHistoryReplayer.Replay(history.Instances[0], async (context, input) =>
            await GenerationOrchestrator.RunAsync(context) with { Status = GenerationStatus.Completed, Error = null });

        Assert.Equal(
            "the history ends Completed with generation Failed (provider_timeout), but the orchestrator now ends Completed with generation Completed",
            divergence);
    }

    static RecordedHistory Load(string scenario)
    {
        var history = JsonSerializer.Deserialize<RecordedHistory>(File.ReadAllBytes(Path.Combine(DurableHistories, scenario + ".json")))
            ?? throw new InvalidDataException($"History '{scenario}' is empty.");
        Assert.Equal("durabletask", history.Engine);
        Assert.Equal(scenario, history.Scenario);
        Assert.NotEmpty(history.Instances);
        return history;
    }

    static async Task<GenerationOutcome?> RunCurrentOrchestratorAsync(TaskOrchestrationContext context, GenerationWorkflowInput? input) =>
        await GenerationOrchestrator.RunAsync(context);
}
