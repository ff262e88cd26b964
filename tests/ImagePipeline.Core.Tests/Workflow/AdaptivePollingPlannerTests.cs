using System.Text.Json;
using ImagePipeline.Serialization;
using ImagePipeline.Workflow;

namespace ImagePipeline.Tests.Workflow;

public sealed class AdaptivePollingPlannerTests
{
    static readonly PollingPlan Default = new(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(5));

    /// <summary>1 s, 2 s, … n s: quantile q is at 1 + q·(n − 1) seconds.</summary>
    static List<TimeSpan> Evenly(int count, double fromSeconds = 1, double stepSeconds = 1) =>
        [.. Enumerable.Range(0, count).Select(i => TimeSpan.FromSeconds(fromSeconds + i * stepSeconds))];

    [Fact]
    public void Without_enough_history_the_default_plan_is_used()
    {
        var options = new AdaptivePollingOptions { MinSamples = 20 };

        Assert.Same(Default, AdaptivePollingPlanner.Plan([], "segmind", options, Default));
        Assert.Same(Default, AdaptivePollingPlanner.Plan(Evenly(19), "segmind", options, Default));
        Assert.Same(Default, AdaptivePollingPlanner.Plan(Evenly(100), "segmind", new AdaptivePollingOptions { Enabled = false }, Default));
    }

    [Fact]
    public void The_first_look_is_at_the_learned_quantile_and_the_plan_says_what_it_learned_from()
    {
        // 30 s … 129 s: the 25 % quantile is 54.75 s.
        var plan = AdaptivePollingPlanner.Plan(Evenly(100, fromSeconds: 30), "segmind", new AdaptivePollingOptions { FirstLookQuantile = 0.25 },
            new PollingPlan(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(10)));

        Assert.Equal(TimeSpan.FromSeconds(54.8), plan.FirstPollAfter);
        Assert.Equal(100, plan.LearnedFrom);
        // Dense looks by the spread (IQR 49.5 s / 8 ≈ 6.2 s) up to the 95 % quantile (124.05 s), then the default's 10 s.
        Assert.Equal(TimeSpan.FromSeconds(6.2), plan.Interval);
        Assert.Equal(12, plan.DenseLooks);
        Assert.Equal(plan.Interval, plan.WaitBefore(12));
        Assert.Equal(TimeSpan.FromSeconds(10), plan.WaitBefore(13));
    }

    [Fact]
    public void Looks_are_never_closer_than_the_providers_minimum_interval()
    {
        // Every job took 60 s: no spread, so only the rate limit keeps the looks apart.
        var sameEveryTime = Enumerable.Repeat(TimeSpan.FromSeconds(60), 50).ToList();
        var options = new AdaptivePollingOptions();
        options.MinInterval["segmind"] = TimeSpan.FromSeconds(12); // Segmind's free plan: 5 requests a minute

        var segmind = AdaptivePollingPlanner.Plan(sameEveryTime, "segmind", options, Default);
        var runware = AdaptivePollingPlanner.Plan(sameEveryTime, "runware", options, new PollingPlan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));

        Assert.All(Enumerable.Range(1, 40), check => Assert.True(segmind.WaitBefore(check) >= TimeSpan.FromSeconds(12)));
        Assert.All(Enumerable.Range(1, 40), check => Assert.True(runware.WaitBefore(check) >= TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), runware.Interval);
    }

    [Fact]
    public void The_configured_bounds_hold_whatever_was_learned()
    {
        var options = new AdaptivePollingOptions { MaxFirstPollAfter = TimeSpan.FromSeconds(40), MaxInterval = TimeSpan.FromSeconds(3) };
        var slowAndSpread = Evenly(100, fromSeconds: 60, stepSeconds: 5); // 60 s … 555 s

        var plan = AdaptivePollingPlanner.Plan(slowAndSpread, "segmind", options, Default);

        Assert.Equal(TimeSpan.FromSeconds(40), plan.FirstPollAfter);
        Assert.All(Enumerable.Range(1, 200), check => Assert.InRange(plan.WaitBefore(check), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)));

        var fast = AdaptivePollingPlanner.Plan(Evenly(50, fromSeconds: 0.01, stepSeconds: 0.001), "segmind",
            new AdaptivePollingOptions { MinFirstPollAfter = TimeSpan.FromSeconds(2) }, Default);
        Assert.Equal(TimeSpan.FromSeconds(2), fast.FirstPollAfter);
    }

    [Fact]
    public void A_plan_recorded_before_learning_existed_reads_back_with_the_same_waits_and_a_default_plan_writes_the_same_json()
    {
        const string recorded = """{"firstPollAfter":"00:00:25","interval":"00:00:05"}""";

        var plan = JsonSerializer.Deserialize<PollingPlan>(recorded, WorkflowJson.Options)!;

        Assert.Equal([TimeSpan.FromSeconds(25), .. Enumerable.Repeat(TimeSpan.FromSeconds(5), 30)], Enumerable.Range(0, 31).Select(plan.WaitBefore));
        Assert.Equal(recorded, JsonSerializer.Serialize(Default, WorkflowJson.Options));
    }
}
