namespace ImagePipeline.EmbeddedDurable.Execution;

/// <summary>
/// Every armed durable timer of every instance, earliest first, behind one system timer set to the earliest. An
/// instance waiting on a timer costs an entry here instead of a system timer of its own (and everything it would keep
/// reachable), so an unloaded waiting instance is little more than its entry and its runner.
/// </summary>
internal sealed class DurableTimerQueue : IDisposable
{
    // System timers cannot wait much longer than ~49 days; a later timer is looked at again when this one fires.
    static readonly TimeSpan MaxDue = TimeSpan.FromDays(30);

    readonly Lock _lock = new();
    readonly SortedSet<ArmedTimer> _timers = new(ArmedTimer.ByFireTime);
    readonly TimeProvider _timeProvider;
    readonly ITimer _systemTimer;
    DateTime? _systemTimerFor;
    long _armed;
    bool _stopped;

    public DurableTimerQueue(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        // Long-lived: it must not capture the ambient execution context (and whatever that references).
        using (ExecutionContext.SuppressFlow())
        {
            _systemTimer = timeProvider.CreateTimer(static state => ((DurableTimerQueue)state!).OnSystemTimer(), this,
                Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Tells <paramref name="runner"/> when the timer is due (<see cref="InstanceRunner.OnTimerDue"/>), until
    /// <see cref="Disarm"/>.</summary>
    public ArmedTimer Arm(InstanceRunner runner, int seq, DateTime fireAtUtc)
    {
        lock (_lock)
        {
            var armed = new ArmedTimer(runner, seq, fireAtUtc, ++_armed);
            if (!_stopped)
            {
                _timers.Add(armed);
                SetSystemTimer();
            }

            return armed;
        }
    }

    public void Disarm(ArmedTimer armed)
    {
        lock (_lock)
        {
            if (_timers.Remove(armed))
            {
                SetSystemTimer();
            }
        }
    }

    /// <summary>The runtime stops: nothing fires any more; the journals re-arm every timer on the next start.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopped = true;
            _timers.Clear();
            _systemTimer.Dispose();
        }
    }

    void OnSystemTimer()
    {
        List<ArmedTimer>? due = null;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _systemTimerFor = null;
            var now = _timeProvider.GetUtcNow().UtcDateTime;
            while (_timers.Min is { } first && first.FireAtUtc <= now)
            {
                _timers.Remove(first);
                (due ??= []).Add(first);
            }

            SetSystemTimer();
        }

        // Outside the lock: a runner that handles it arms its next timer here.
        if (due is not null)
        {
            foreach (var armed in due)
            {
                armed.Runner.OnTimerDue(armed.Seq, armed.FireAtUtc);
            }
        }
    }

    /// <summary>Points the system timer at the earliest entry (or stops it when there is none).</summary>
    void SetSystemTimer()
    {
        var earliest = _timers.Min?.FireAtUtc;
        if (earliest == _systemTimerFor || _stopped)
        {
            return;
        }

        _systemTimerFor = earliest;
        if (earliest is not { } fireAt)
        {
            _systemTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var dueIn = fireAt - _timeProvider.GetUtcNow().UtcDateTime;
        dueIn = dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn > MaxDue ? MaxDue : dueIn;
        _systemTimer.Change(dueIn, Timeout.InfiniteTimeSpan);
    }
}
