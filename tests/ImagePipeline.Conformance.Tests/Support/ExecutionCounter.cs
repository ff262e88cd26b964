using ImagePipeline.Workflow;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>Counts how often the workflow was executed from the start (the first run plus every replay), to show a
/// scenario really was replayed.</summary>
public sealed class ExecutionCounter
{
    int _executions;
    int _replays;

    public int Executions => Volatile.Read(ref _executions);

    /// <summary>Executions that began by replaying history.</summary>
    public int Replays => Volatile.Read(ref _replays);

    public IWorkflowContext Observe(IWorkflowContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _executions);
        if (context.IsReplaying) Interlocked.Increment(ref _replays);
        return context;
    }
}
