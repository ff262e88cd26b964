using System.Text.Json;
using ImagePipeline.Conformance.Tests.Support;
using ImagePipeline.Workflow;
using ImagePipeline.Workflow.Steps;

namespace ImagePipeline.Conformance.Tests.Replay;

/// <summary>
/// Replays the checked-in histories of the conformance scenarios against the current <see cref="GenerationWorkflow"/>
/// (like Temporal's WorkflowReplayer): a change that would make generations in flight during a deploy fail as
/// non-deterministic on resume fails here first, naming the scenario and the first action that differs. Re-record
/// with <c>RECORD_HISTORIES=1</c> (see the README, "Changing the workflow safely") only when old histories no longer
/// matter.
/// </summary>
public sealed class HistoryReplayTests
{
    // The cases the issue asks to guard; each must keep a recorded history on every engine.
    internal static readonly string[] RequiredScenarios =
    [
        "Segmind_polling_completes_with_one_status_call",
        "Webhook_beats_the_timer_and_the_losing_timer_never_fires_later",
        "Ambiguous_submit_ends_with_submit_outcome_unknown_and_no_second_submit",
        "Cancel_while_waiting_cancels_the_luma_photon_job",
        "Deadline_ends_with_provider_timeout",
        "Runware_task_that_shows_only_after_the_submit_timed_out_is_found_by_looking_again_and_never_sent_twice",
        "Status_read_refused_with_retry_after_is_not_repeated_sooner",
        "Transient_archive_failure_is_retried_by_the_engine",
    ];

    static string EmbeddedHistories => Path.Combine(AppContext.BaseDirectory, "Histories", "embedded");

    static IEnumerable<string> RecordedScenarios() =>
        Directory.EnumerateFiles(EmbeddedHistories, "*.json").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal);

    public static TheoryData<string> EmbeddedScenarios() => new(RecordedScenarios());

    [Theory]
    [MemberData(nameof(EmbeddedScenarios))]
    public void Recorded_embedded_history_replays_against_the_current_workflow(string scenario)
    {
        var history = Load(scenario);

        for (var i = 0; i < history.Instances.Count; i++)
        {
            var divergence = JournalReplayer.Replay(history.Instances[i], RunCurrentWorkflowAsync);
            Assert.True(divergence is null,
                $"Scenario '{scenario}' (instance {i + 1} of {history.Instances.Count}) no longer replays: {divergence}\n" +
                "Generations in flight during a deploy would fail. Version the change instead (README: \"Changing the workflow safely\").");
        }
    }

    [Fact]
    public void Every_guarded_scenario_has_a_recorded_embedded_history()
    {
        var missing = RequiredScenarios.Except(RecordedScenarios(), StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"No recorded history for: {string.Join(", ", missing)}. Record with {HistoryRecorder.EnvironmentVariable}=1.");
    }

    [Fact]
    public void An_extra_step_before_submit_is_reported_as_the_first_diverging_action()
    {
        var history = Load("Segmind_polling_completes_with_one_status_call");

        var divergence = JournalReplayer.Replay(history.Instances[0], async (context, input) =>
        {
            await context.CallStepAsync<bool>("CheckQuota", input.GenerationId);
            return await GenerationWorkflow.RunAsync(context, input);
        });

        Assert.NotNull(divergence);
        Assert.Contains($"action #0 is step '{GenerationStepNames.Submit}' in the journal, but the workflow now issued step 'CheckQuota' there", divergence);
    }

    static RecordedHistory Load(string scenario)
    {
        var history = JsonSerializer.Deserialize<RecordedHistory>(File.ReadAllBytes(Path.Combine(EmbeddedHistories, scenario + ".json")))
            ?? throw new InvalidDataException($"History '{scenario}' is empty.");
        Assert.Equal(scenario, history.Scenario);
        Assert.NotEmpty(history.Instances);
        return history;
    }

    static async Task<object?> RunCurrentWorkflowAsync(IWorkflowContext context, GenerationWorkflowInput input) =>
        await GenerationWorkflow.RunAsync(context, input);
}
