using ImagePipeline.Serialization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImagePipeline.EmbeddedDurable.Execution;
using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagePipeline.Conformance.Tests.Replay;

/// <summary>
/// Replays a recorded embedded journal against a workflow exactly as the runtime does when it resumes an instance
/// after a restart (start, re-deliver every journaled outcome, end replay), without running any step. Answers the
/// first divergence, or null when the workflow re-issues the same actions and ends the way the journal ended.
/// </summary>
internal static class JournalReplayer
{
    public static string? Replay(JsonArray records, Func<IWorkflowContext, GenerationWorkflowInput, Task<object?>> workflow)
    {
        var content = new StringBuilder();
        foreach (var record in records)
        {
            // One compact line per record, as the runtime writes its journal.
            content.Append(record!.ToJsonString()).Append('\n');
        }

        var journal = JournalReader.Parse(Encoding.UTF8.GetBytes(content.ToString()));
        var created = journal.Created;
        if (journal.IsCorrupt || journal.HasTornTail || created?.Data is null)
        {
            throw new InvalidDataException("The recorded journal is unreadable or has no creation record; re-record it.");
        }

        var input = created.Data.Value.Deserialize<GenerationWorkflowInput>(WorkflowJson.Options)
            ?? throw new InvalidDataException("The recorded journal has no workflow input.");
        var execution = new WorkflowExecution(
            created.InstanceId ?? "", input, created.At, workflow, NullLoggerFactory.Instance, static () => { }, static _ => { });
        execution.Start(journal.Actions, journal.Inbound.Count);
        foreach (var record in journal.Inbound)
        {
            execution.Apply(record);
        }

        execution.EndReplay();
        if (execution.AbortReason is { } reason)
        {
            return reason;
        }

        if (journal.Terminal is not { } terminal)
        {
            return null; // recorded in flight: matching every journaled action is all a resumed instance needs
        }

        if (execution.TakeNewRecords() is [var extra, ..])
        {
            return $"after the last journaled outcome the workflow now issues {Describe(extra)} (action #{extra.Seq}), " +
                $"where the journal ends with the instance {terminal.Kind}";
        }

        // Only how it ends is compared, not the output or error text: those may change between versions without
        // touching instances in flight (Temporal's replayer makes the same choice).
        return execution.WorkflowTask switch
        {
            not { IsCompleted: true } => $"the journal ends with the instance {terminal.Kind}, but the workflow is still waiting",
            { IsCompletedSuccessfully: true } when terminal.Kind == JournalRecordKind.Failed =>
                $"the journal ends Failed ({terminal.Message}), but the workflow now completes",
            { IsCompletedSuccessfully: false } task when terminal.Kind == JournalRecordKind.Completed =>
                $"the journal ends Completed, but the workflow now fails with: {(task.Exception?.InnerException ?? new TaskCanceledException(task)).Message}",
            _ => null,
        };
    }

    static string Describe(JournalRecord action) => action.Kind switch
    {
        JournalRecordKind.StepScheduled => $"step '{action.Name}'",
        JournalRecordKind.TimerCreated => "a timer",
        JournalRecordKind.EventWaitStarted => $"a wait for event '{action.Name}'",
        _ => action.Kind.ToString(),
    };
}
