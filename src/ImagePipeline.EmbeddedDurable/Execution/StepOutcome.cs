using System.Text.Json;
using ImagePipeline.EmbeddedDurable.Journal;
using ImagePipeline.Pipeline;
using ImagePipeline.Workflow;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>How one step attempt ended, in the form that is journaled (the exception object itself never is).</summary>
internal sealed record StepOutcome(bool Succeeded, JsonElement? Result, string? ErrorType, string? ErrorCode, string? Message)
{
    /// <summary>Set when the step failed because the local disk is full or read-only: an outage of the host, which
    /// parks the instance instead of being journaled as the step's failure.</summary>
    public Exception? StorageFault { get; init; }

    public static StepOutcome Success(JsonElement result) => new(true, result, null, null, null);

    public static StepOutcome Failure(Exception exception) => Describe(exception) with
    {
        StorageFault = LocalStorageFaults.IsUnwritable(exception) ? exception : null,
    };

    static StepOutcome Describe(Exception exception) => new(
        false,
        null,
        exception.GetType().FullName,
        StepFailureCode.Of(exception),
        exception.Message);

    public static StepOutcome FromRecord(JournalRecord record) => record.Kind == JournalRecordKind.StepCompleted
        ? new(true, record.Data, null, null, null)
        : new(false, null, record.ErrorType, record.ErrorCode, record.Message);

    public JournalRecord ToRecord(int seq, string name, DateTimeOffset at) => Succeeded
        ? new JournalRecord { Kind = JournalRecordKind.StepCompleted, At = at, Seq = seq, Name = name, Data = Result }
        : new JournalRecord
        {
            Kind = JournalRecordKind.StepFailed, At = at, Seq = seq, Name = name,
            ErrorType = ErrorType, ErrorCode = ErrorCode, Message = Message,
        };
}
