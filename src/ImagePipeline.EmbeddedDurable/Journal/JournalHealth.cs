using ImagePipeline.Pipeline;

namespace ImagePipeline.EmbeddedDurable.Journal;

/// <summary>Whether journal writes currently fail: set by any failed write, cleared only by a successful probe write
/// (one append succeeding beside failing ones on a nearly full disk proves nothing).</summary>
internal sealed class JournalHealth(TimeProvider timeProvider)
{
    readonly Lock _lock = new();
    DateTimeOffset? _unwritableSince;
    string? _lastFailure;
    DateTimeOffset? _nextProbeAt;

    public bool Writable
    {
        get
        {
            lock (_lock)
            {
                return _unwritableSince is null;
            }
        }
    }

    public string? LastFailure
    {
        get
        {
            lock (_lock)
            {
                return _unwritableSince is null ? null : _lastFailure;
            }
        }
    }

    /// <summary>Until the next probe write (at least a second, so callers never retry in a tight loop).</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            lock (_lock)
            {
                var wait = _nextProbeAt is { } next ? next - timeProvider.GetUtcNow() : TimeSpan.Zero;
                return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
            }
        }
    }

    public void RecordFailure(Exception exception)
    {
        lock (_lock)
        {
            _unwritableSince ??= timeProvider.GetUtcNow();
            _lastFailure = LocalStorageFaults.Describe(exception);
        }
    }

    public void RecordNextProbe(TimeSpan delay)
    {
        lock (_lock)
        {
            _nextProbeAt = timeProvider.GetUtcNow() + delay;
        }
    }

    public void RecordWritable()
    {
        lock (_lock)
        {
            _unwritableSince = null;
            _lastFailure = null;
            _nextProbeAt = null;
        }
    }
}
