namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>
/// Runs one instance's workflow code single-threaded, like DTFx's orchestration scheduler: every continuation of the
/// workflow is queued here and run by <see cref="Run"/> on the instance's turn, never on whatever thread completed a
/// task. No thread is held while the workflow waits.
/// </summary>
internal sealed class WorkflowSynchronizationContext : SynchronizationContext
{
    readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    readonly Action _onPostedFromOutside;

    public WorkflowSynchronizationContext(Action onPostedFromOutside) => _onPostedFromOutside = onPostedFromOutside;

    public bool IsCurrent => Current == this;

    /// <summary>Continuations queued and not yet run.</summary>
    public bool HasQueuedWork
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count > 0;
            }
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        var fromOutside = !IsCurrent;
        lock (_queue)
        {
            _queue.Enqueue((d, state));
        }

        // Work queued from another thread (not expected from a well-behaved workflow) needs a turn to run it.
        if (fromOutside)
        {
            _onPostedFromOutside();
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Workflow code cannot be run synchronously from another thread.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="action"/> (if any) and then every continuation it queues, until the workflow is
    /// idle: waiting on the runtime or finished.</summary>
    public void Run(Action? action = null)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            action?.Invoke();
            while (TryDequeue(out var work))
            {
                work.Callback(work.State);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    bool TryDequeue(out (SendOrPostCallback Callback, object? State) work)
    {
        lock (_queue)
        {
            return _queue.TryDequeue(out work);
        }
    }
}
