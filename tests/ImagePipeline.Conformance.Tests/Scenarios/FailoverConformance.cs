using System.Runtime.CompilerServices;
using ImagePipeline.Conformance.Tests.Engines;
using ImagePipeline.Conformance.Tests.Support;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.GmiCloud;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Segmind;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Conformance.Tests.Scenarios;

/// <summary>
/// Routing and failover, on every durable engine: a generation given an ordered list (or "auto") moves on to the next
/// provider only when the first provably started nothing, never after an ambiguous submit, and after a failed job only
/// when the caller opted in; every attempt and what it cost is in the status document. Submits are counted where the
/// simulators create (and would bill) a job.
/// </summary>
public abstract class FailoverConformance(DurableEngineKind engine)
{
    static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    // Recorded on every engine for the replay tests when RECORD_HISTORIES=1: histories with failover in them, so a later
    // change to the workflow that would not replay them fails there.
    Task<ConformanceHost> StartHostAsync(Dictionary<string, string?> settings, [CallerMemberName] string scenario = "") =>
        ConformanceHost.StartAsync(engine, new ConformanceOptions
        {
            Settings = settings,
            RecordHistoryAs = HistoryRecorder.IsEnabled ? "Failover_" + scenario : null,
        });

    static async Task<T> StartedAsync<T>(T simulator) where T : ProviderSimulator
    {
        await simulator.StartAsync();
        return simulator;
    }

    /// <summary>Segmind first, GMI Cloud second; small client retries so a refused submit is refused quickly.</summary>
    static Dictionary<string, string?> SegmindThenGmi(SegmindSimulator segmind, GmiCloudSimulator gmi)
    {
        var settings = ProviderSettings.GmiCloud(gmi, Short, Short);
        foreach (var (key, value) in ProviderSettings.Segmind(segmind, Short, Short)) settings[key] = value;
        settings["Resilience:MaxDelay"] = ProviderSettings.Format(TimeSpan.FromMilliseconds(100));
        settings["Resilience:BaseDelay"] = ProviderSettings.Format(TimeSpan.FromMilliseconds(20));
        return settings;
    }

    static object ListRequest(bool fallbackOnFailure = false) =>
        new { prompt = "a lighthouse at dusk", provider = new[] { "segmind", "gmicloud" }, fallbackOnFailure };

    static void AssertAttempt(GenerationAttempt attempt, string provider, string outcome, string? errorCode = null)
    {
        Assert.Equal(provider, attempt.Provider);
        Assert.Equal(outcome, attempt.Outcome);
        Assert.Equal(errorCode, attempt.Error?.Code);
    }

    static void AssertCompletedOn(GenerationStatusDocument done, string provider)
    {
        Assert.True(done.Status == GenerationStatus.Completed, $"Expected Completed, was {done.Status} ({done.Error?.Code}: {done.Error?.Message})");
        Assert.Equal(provider, done.Provider);
        Assert.Equal(provider, done.Routing?.Chosen);
        Assert.Single(done.Outputs);
    }

    [Theory]
    [InlineData(SubmitFault.BadRequest, ProviderErrorCodes.ProviderRejected)]
    [InlineData(SubmitFault.Unauthorized, ProviderErrorCodes.ProviderUnauthorized)]
    [InlineData(SubmitFault.InsufficientCredits, ProviderErrorCodes.InsufficientCredits)]
    public async Task A_submit_refused_before_any_job_fails_over_to_the_next_provider(SubmitFault fault, string refusedWith)
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        segmind.Behavior.SubmitFault = fault;
        gmi.Behavior.JobDuration = Short;
        await using var host = await StartHostAsync(SegmindThenGmi(segmind, gmi));

        var done = await host.WaitForEndAsync(await host.StartAsync(ListRequest()));

        AssertCompletedOn(done, "gmicloud");
        Assert.Equal((0, 1), (segmind.SubmitCount, gmi.SubmitCount));
        Assert.Collection(done.Attempts!,
            first => AssertAttempt(first, "segmind", AttemptOutcomes.Refused, refusedWith),
            second => AssertAttempt(second, "gmicloud", AttemptOutcomes.Succeeded));
        Assert.Equal(AttemptCost.NotBilled, done.Attempts![0].Cost);
        // GMI Cloud reports no cost; its published price makes the estimate.
        Assert.Equal(new AttemptCost(0.0404m, CostBasis.Estimated), done.Attempts[1].Cost);
        Assert.Equal(new GenerationCost(0.0404m, CostBasis.Estimated), done.Cost);
        Assert.Equal(["segmind", "gmicloud"], done.Routing!.Candidates);
        // GMI Cloud's job taught its polling plan, timed from the second attempt's own submit.
        Assert.Single(await host.GetService<ImagePipeline.Pipeline.IProviderLatencyStore>().ReadRecentAsync("gmicloud", "luma-uni-1.1"));
    }

    [Fact]
    public async Task After_a_failover_the_next_provider_is_polled_at_its_own_pace()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        segmind.Behavior.SubmitFault = SubmitFault.Unauthorized;
        gmi.Behavior.JobDuration = Short;
        gmi.CompleteInstantJobsInSubmitReply = false;
        var settings = SegmindThenGmi(segmind, gmi);
        settings["Pipeline:Polling:segmind:FirstPollAfter"] = ProviderSettings.Format(ProviderSettings.WebhookOnly); // an hour

        await using var host = await StartHostAsync(settings);

        var done = await host.WaitForEndAsync(await host.StartAsync(ListRequest()));

        AssertCompletedOn(done, "gmicloud"); // within the scenario's wait, not Segmind's hour
        Assert.InRange(gmi.StatusCount, 1, 3);
    }

    [Fact]
    public async Task Rate_limited_at_submit_fails_over_after_the_clients_own_retries()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        segmind.Behavior.RateLimitNextRequests = int.MaxValue;
        segmind.Behavior.RateLimitWait = TimeSpan.FromMilliseconds(50);
        gmi.Behavior.JobDuration = Short;
        await using var host = await StartHostAsync(SegmindThenGmi(segmind, gmi));

        var id = await host.StartAsync(ListRequest());
        var done = await host.WaitForEndAsync(id);

        AssertCompletedOn(done, "gmicloud");
        Assert.Equal((0, 1), (segmind.SubmitCount, gmi.SubmitCount));
        AssertAttempt(done.Attempts![0], "segmind", AttemptOutcomes.Refused, ProviderErrorCodes.RateLimited);
        // Listed under the provider it ran on, not the one it was first sent to.
        Assert.Contains(id, await ListedAsync(host, "gmicloud"));
        Assert.DoesNotContain(id, await ListedAsync(host, "segmind"));
    }

    static async Task<IReadOnlyList<string>> ListedAsync(ConformanceHost host, string provider)
    {
        var result = await host.Api.ListAsync(host.Engine.Client,
            new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["provider"] = provider }), CancellationToken.None);
        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        return [.. Assert.IsType<ImagePipeline.Api.GenerationList>(result.Body).Items.Select(item => item.Id)];
    }

    [Fact]
    public async Task Connection_refused_fails_over()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        gmi.Behavior.JobDuration = Short;
        var settings = SegmindThenGmi(segmind, gmi);
        settings["Providers:Segmind:BaseUrl"] = $"http://127.0.0.1:{LoopbackPorts.Free()}/" /* nothing listens there */;
        await using var host = await StartHostAsync(settings);

        var done = await host.WaitForEndAsync(await host.StartAsync(ListRequest()));

        AssertCompletedOn(done, "gmicloud");
        AssertAttempt(done.Attempts![0], "segmind", AttemptOutcomes.Refused, ProviderErrorCodes.ProviderUnavailable);
        Assert.Equal(1, gmi.SubmitCount);
    }

    [Fact]
    public async Task An_open_circuit_refuses_the_submit_without_sending_it_and_the_generation_fails_over()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        segmind.Behavior.RateLimitNextRequests = int.MaxValue;
        segmind.Behavior.RateLimitWait = TimeSpan.FromMilliseconds(50);
        gmi.Behavior.JobDuration = Short;
        var settings = SegmindThenGmi(segmind, gmi);
        settings["Routing:Circuit:MinimumThroughput"] = "2";
        settings["Routing:Circuit:BreakDuration"] = "00:05:00";
        await using var host = await StartHostAsync(settings);

        // Two refused submits open Segmind's circuit (each fails over on its own).
        for (var i = 0; i < 2; i++) AssertCompletedOn(await host.WaitForEndAsync(await host.StartAsync(ListRequest())), "gmicloud");
        var requestsWhileClosed = segmind.AnsweredRequests.Count;

        var done = await host.WaitForEndAsync(await host.StartAsync(ListRequest()));

        AssertCompletedOn(done, "gmicloud");
        AssertAttempt(done.Attempts![0], "segmind", AttemptOutcomes.Refused, ProviderErrorCodes.ProviderUnavailable);
        Assert.Equal(requestsWhileClosed, segmind.AnsweredRequests.Count); // the open circuit sent nothing
        Assert.Equal((0, 3), (segmind.SubmitCount, gmi.SubmitCount));
    }

    [Fact]
    public async Task An_ambiguous_submit_never_fails_over()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        segmind.Behavior.SubmitFault = SubmitFault.ServerErrorAfterAccept;
        await using var host = await StartHostAsync(SegmindThenGmi(segmind, gmi));

        var done = await host.WaitForEndAsync(await host.StartAsync(ListRequest(fallbackOnFailure: true)));

        Assert.Equal(GenerationStatus.Failed, done.Status);
        Assert.Equal(ProviderErrorCodes.SubmitOutcomeUnknown, done.Error?.Code);
        Assert.Equal((1, 0), (segmind.SubmitCount, gmi.SubmitCount)); // one job may run (and bill) at Segmind; none elsewhere
        AssertAttempt(Assert.Single(done.Attempts!), "segmind", AttemptOutcomes.OutcomeUnknown, ProviderErrorCodes.SubmitOutcomeUnknown);
        Assert.Equal(new GenerationCost(null, CostBasis.Unknown), done.Cost);
    }

    [Fact]
    public async Task A_failed_job_is_not_retried_elsewhere_unless_the_caller_opted_in()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        segmind.Behavior.JobDuration = Short;
        segmind.Behavior.FailJobsWith = "The model could not render this prompt.";
        await using var host = await StartHostAsync(SegmindThenGmi(segmind, gmi));

        var done = await host.WaitForEndAsync(await host.StartAsync(ListRequest()));

        Assert.Equal(GenerationStatus.Failed, done.Status);
        Assert.Equal((1, 0), (segmind.SubmitCount, gmi.SubmitCount));
        AssertAttempt(Assert.Single(done.Attempts!), "segmind", AttemptOutcomes.Failed, done.Error?.Code);
    }

    [Fact]
    public async Task With_fallbackOnFailure_a_failed_job_is_tried_at_the_next_provider_and_both_attempts_are_shown()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        segmind.Behavior.JobDuration = Short;
        segmind.Behavior.FailJobsWith = "The model could not render this prompt.";
        gmi.Behavior.JobDuration = Short;
        await using var host = await StartHostAsync(SegmindThenGmi(segmind, gmi));

        var done = await host.WaitForEndAsync(await host.StartAsync(ListRequest(fallbackOnFailure: true)));

        AssertCompletedOn(done, "gmicloud");
        Assert.Equal((1, 1), (segmind.SubmitCount, gmi.SubmitCount)); // two jobs, both billed
        Assert.Collection(done.Attempts!,
            first =>
            {
                AssertAttempt(first, "segmind", AttemptOutcomes.Failed, ProviderErrorCodes.ProviderFailed);
                Assert.NotNull(first.ProviderJobId);
                Assert.NotNull(first.Cost);
            },
            second => AssertAttempt(second, "gmicloud", AttemptOutcomes.Succeeded));
    }

    [Fact]
    public async Task Auto_picks_the_cheapest_provider_that_can_take_the_request()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var runware = await StartedAsync(new RunwareSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        runware.Behavior.JobDuration = Short;
        gmi.Behavior.JobDuration = Short;
        var settings = SegmindThenGmi(segmind, gmi);
        foreach (var (key, value) in ProviderSettings.Runware(runware, Short, Short)) settings[key] = value;
        settings["Pricing:Runware:ImageUsd"] = "0.05";
        await using var host = await StartHostAsync(settings);

        // Plain text-to-image: GMI Cloud's $0.0404 beats Runware's configured $0.05; Segmind has no price.
        var plain = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse", provider = "auto" }));
        AssertCompletedOn(plain, "gmicloud");
        Assert.Equal(["gmicloud", "runware", "segmind"], plain.Routing!.Candidates);
        Assert.Contains("cheapest", plain.Routing.Reason, StringComparison.Ordinal);

        // A style GMI Cloud cannot take: excluded, so the cheapest of the rest (Runware, priced) runs it.
        var styled = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse", provider = "auto", style = "manga" }));
        AssertCompletedOn(styled, "runware");
        Assert.Contains("gmicloud", styled.Routing!.Excluded!.Keys);
        Assert.Equal((1, 1, 0), (gmi.SubmitCount, runware.SubmitCount, segmind.SubmitCount));
        Assert.Equal(CostBasis.Reported, styled.Cost!.Basis); // Runware reports its own cost
    }

    [Fact]
    public async Task A_spent_daily_budget_refuses_an_explicit_request_before_submitting_and_auto_skips_the_provider()
    {
        await using var segmind = await StartedAsync(new SegmindSimulator());
        await using var gmi = await StartedAsync(new GmiCloudSimulator());
        segmind.Behavior.JobDuration = Short;
        gmi.Behavior.JobDuration = Short;
        var settings = SegmindThenGmi(segmind, gmi);
        settings["Budget:GmiCloud:DailyUsd"] = "0.04";
        await using var host = await StartHostAsync(settings);

        var first = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse", provider = "gmicloud" }));
        AssertCompletedOn(first, "gmicloud"); // $0.0404 estimated: the $0.04 budget is spent

        var refused = await host.Api.StartAsync(host.Engine.Client,
            new MemoryStream(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { prompt = "another", provider = "gmicloud" })), null, CancellationToken.None);
        Assert.Equal(StatusCodes.Status400BadRequest, refused.StatusCode);
        Assert.Contains("budget", System.Text.Json.JsonSerializer.Serialize(refused.Body), StringComparison.OrdinalIgnoreCase);

        var auto = await host.WaitForEndAsync(await host.StartAsync(new { prompt = "a lighthouse", provider = "auto" }));
        AssertCompletedOn(auto, "segmind");
        Assert.Contains("gmicloud", auto.Routing!.Excluded!.Keys);
        Assert.Equal((1, 1), (gmi.SubmitCount, segmind.SubmitCount));
    }
}

/// <summary>The failover scenarios on the standalone host's embedded journal runtime.</summary>
public sealed class EmbeddedRuntimeFailoverConformance() : FailoverConformance(DurableEngineKind.Embedded);

/// <summary>The failover scenarios on Microsoft's Durable Task engine, as the Functions host runs them.</summary>
public sealed class DurableTaskFailoverConformance() : FailoverConformance(DurableEngineKind.DurableTask);
