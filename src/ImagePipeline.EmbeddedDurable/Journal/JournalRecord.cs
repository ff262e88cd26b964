using System.Text.Json;
using System.Text.Json.Serialization;
using ImagePipeline.Generation;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>One line of an instance journal. A single flat shape keeps the JSON lines short and the reader simple;
/// which members are set depends on <see cref="Kind"/>.</summary>
internal sealed record JournalRecord
{
    public required JournalRecordKind Kind { get; init; }

    /// <summary>When the record was written; for inbound records this becomes the workflow's current time.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The sequence number of the action the record issues or completes.</summary>
    public int? Seq { get; init; }

    /// <summary>Step name or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Instance id (on <see cref="JournalRecordKind.Created"/> only, so a file names its owner).</summary>
    public string? InstanceId { get; init; }

    /// <summary>Input, step result, event payload, custom status or output.</summary>
    [JsonConverter(typeof(VerbatimJsonElementConverter))]
    public JsonElement? Data { get; init; }

    public DateTime? FireAt { get; init; }

    public string? ErrorType { get; init; }

    public string? ErrorCode { get; init; }

    public string? Message { get; init; }

    // The flags below follow from Kind: not written (older journals that carry them still load; readers skip them).
    [JsonIgnore]
    public bool IsAction => Kind is JournalRecordKind.StepScheduled or JournalRecordKind.TimerCreated or JournalRecordKind.EventWaitStarted;

    [JsonIgnore]
    public bool IsInbound => Kind is JournalRecordKind.StepCompleted or JournalRecordKind.StepFailed
        or JournalRecordKind.TimerFired or JournalRecordKind.EventRaised;

    [JsonIgnore]
    public bool IsTerminal => Kind is JournalRecordKind.Completed or JournalRecordKind.Failed;
}
