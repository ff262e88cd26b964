using ImagePipeline.Workflow.Steps;

namespace ImagePipeline.Tests.Workflow;

/// <summary>A progress event goes out on a change, and at most once per interval however often the status changes.</summary>
public sealed class ProgressEventThrottleTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void The_first_change_is_sent()
    {
        var mark = ProgressEventThrottle.Next(null, 30, "running", Start, Interval);

        Assert.Equal(new ProgressEventMark(Start, 30, "running", 1), mark);
    }

    [Fact]
    public void A_status_storm_within_one_interval_sends_nothing_more()
    {
        var last = new ProgressEventMark(Start, 30, "running", 1);

        // Ten different readings, one every 400 ms: all inside the 5 s after the last event.
        var sent = Enumerable.Range(1, 10)
            .Select(i => ProgressEventThrottle.Next(last, 30 + i, "running", Start + TimeSpan.FromMilliseconds(400 * i), Interval))
            .Count(mark => mark is not null);

        Assert.Equal(0, sent);
    }

    [Fact]
    public void A_change_after_the_interval_is_sent_with_the_next_sequence()
    {
        var last = new ProgressEventMark(Start, 30, "running", 1);

        var mark = ProgressEventThrottle.Next(last, 55, "running", Start + Interval, Interval);

        Assert.Equal(new ProgressEventMark(Start + Interval, 55, "running", 2), mark);
    }

    [Fact]
    public void No_change_sends_nothing_however_late()
    {
        var last = new ProgressEventMark(Start, 30, "running", 1);

        Assert.Null(ProgressEventThrottle.Next(last, 30, "running", Start + TimeSpan.FromHours(1), Interval));
    }

    [Fact]
    public void A_new_phase_at_the_same_percentage_is_a_change()
    {
        var last = new ProgressEventMark(Start, 10, "queued", 1);

        Assert.NotNull(ProgressEventThrottle.Next(last, 10, "running", Start + Interval, Interval));
    }
}
