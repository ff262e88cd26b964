using System.Text.Json;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>What other threads hand an instance runner; it handles them, in order, on the instance's turn.</summary>
internal abstract record RunnerMessage
{
    public sealed record StepFinished(int Seq, StepOutcome Outcome) : RunnerMessage;

    /// <summary>By sequence number, not by the timer object: the instance may have been unloaded and reloaded since
    /// the timer was armed.</summary>
    public sealed record TimerDue(int Seq, DateTime FireAtUtc) : RunnerMessage;

    /// <summary><paramref name="Journaled"/> completes once the event is in the journal (or was dropped because the
    /// instance finished), so a caller that was told "accepted" cannot lose it in a crash.</summary>
    public sealed record EventArrived(string Name, JsonElement? Payload, TaskCompletionSource Journaled) : RunnerMessage;

    /// <summary>Workflow continuations were queued from outside the turn and need running.</summary>
    public sealed record Wake : RunnerMessage
    {
        public static Wake Instance { get; } = new();
    }
}
