using System.Text.Json;

namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>A wait for the next external event of a name.</summary>
internal abstract class EventWaitAction(WorkflowExecution execution, int seq, string name) : PendingAction(execution, seq)
{
    public string Name { get; } = name;

    /// <summary>Where the wait sits in its name's queue of waiters, so cancelling it is cheap.</summary>
    public LinkedListNode<EventWaitAction>? Node { get; set; }

    public abstract void Deliver(JsonElement? payload);
}
