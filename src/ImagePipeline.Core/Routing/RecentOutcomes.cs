namespace ImagePipeline.Routing;

/// <summary>Calls and failures over the last sampling window, for the error rate <c>GET /api/health</c> shows (Polly
/// does not expose its own). Ten buckets, as Polly's own health metrics keep, so memory stays fixed however busy.</summary>
internal sealed class RecentOutcomes(TimeSpan window, TimeProvider timeProvider)
{
    const int Buckets = 10;
    readonly long _bucketTicks = Math.Max(1, window.Ticks / Buckets);
    readonly Bucket[] _buckets = new Bucket[Buckets];
    readonly Lock _gate = new();

    public void Record(bool failed)
    {
        lock (_gate)
        {
            var index = CurrentIndex();
            ref var bucket = ref _buckets[index % Buckets];
            if (bucket.Index != index) bucket = new Bucket { Index = index };
            bucket.Calls++;
            if (failed) bucket.Failures++;
        }
    }

    public (int Calls, int Failures) Read()
    {
        lock (_gate)
        {
            var index = CurrentIndex();
            var (calls, failures) = (0, 0);
            foreach (var bucket in _buckets)
            {
                if (bucket.Index <= index - Buckets || bucket.Index > index) continue;
                calls += bucket.Calls;
                failures += bucket.Failures;
            }
            return (calls, failures);
        }
    }

    /// <summary>Forgets everything, as Polly does when the circuit closes: the numbers then explain the state.</summary>
    public void Clear()
    {
        lock (_gate) Array.Clear(_buckets);
    }

    long CurrentIndex() => timeProvider.GetUtcNow().UtcTicks / _bucketTicks;

    struct Bucket
    {
        public long Index;
        public int Calls;
        public int Failures;
    }
}
