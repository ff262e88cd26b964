namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>What a journal line records. Actions are what the workflow issued (matched in order on replay); inbound
/// records are what happened to it (applied in order on replay); the rest describe the instance.</summary>
internal enum JournalRecordKind
{
    Created,

    // Actions issued by the workflow.
    StepScheduled,
    TimerCreated,
    EventWaitStarted,

    // Inbound: outcomes delivered to the workflow.
    StepCompleted,
    StepFailed,
    TimerFired,
    EventRaised,

    CustomStatus,

    // Terminal.
    Completed,
    Failed,
}
