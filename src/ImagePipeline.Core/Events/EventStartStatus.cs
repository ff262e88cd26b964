namespace ImagePipeline.Events;

/// <summary>What an event entry point did with one message or event.</summary>
public enum EventStartStatus
{
    /// <summary>A new generation was started.</summary>
    Started,

    /// <summary>The message or event was seen before (same id or idempotency key): its generation already exists.</summary>
    AlreadyStarted,

    /// <summary>It can never start a generation (not JSON, not a request, invalid); it was recorded and moved aside.</summary>
    Poison,
}
