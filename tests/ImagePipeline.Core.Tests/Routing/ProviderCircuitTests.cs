using ImagePipeline.Providers;
using ImagePipeline.Routing;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Tests.Providers.Segmind;

namespace ImagePipeline.Tests.Routing;

/// <summary>Each provider's circuit, fed by the real client's submits and status reads against a simulator: it opens
/// on the configured share of failures, refuses calls without sending them while open, and probes after the break.</summary>
public sealed class ProviderCircuitTests
{
    [Fact]
    public async Task The_circuit_opens_at_the_share_of_failures_and_a_submit_while_open_sends_nothing()
    {
        await using var host = await CircuitTestHost.StartAsync(minimumThroughput: 4, failureRatio: 0.5);
        await host.SubmitAsync();
        await host.SubmitAsync();
        await host.RateLimitedSubmitAsync();
        Assert.Equal(ProviderCircuitState.Closed, host.State); // 1 of 3: below the share and the minimum throughput

        await host.RateLimitedSubmitAsync();

        Assert.Equal(ProviderCircuitState.Open, host.State);
        Assert.Equal(new ProviderCircuitReport("open", 0.5, 4, 2), host.Report);
        var seen = host.RequestsSeen;
        var refused = await Assert.ThrowsAsync<ProviderCircuitOpenException>(host.SubmitAsync);
        Assert.True(refused.IsTransient);
        Assert.Equal(CircuitTestHost.BreakDuration, refused.RetryAfter);
        Assert.Equal(ProviderErrorCodes.ProviderUnavailable, refused.ErrorCode);
        Assert.Equal(seen, host.RequestsSeen);
    }

    [Fact]
    public async Task A_status_read_while_open_is_refused_without_a_request()
    {
        await using var host = await CircuitTestHost.StartAsync(minimumThroughput: 2);
        var submission = await host.SubmitAsync();
        host.Simulator.Behavior.ServerErrorNextQueries = 1000; // the status route answers 503, retries included
        await Assert.ThrowsAnyAsync<ProviderException>(() => host.Provider.GetStatusAsync(SegmindTestHost.Handle(submission)));
        await Assert.ThrowsAnyAsync<ProviderException>(() => host.Provider.GetStatusAsync(SegmindTestHost.Handle(submission)));
        Assert.Equal(ProviderCircuitState.Open, host.State);

        var seen = host.RequestsSeen;
        await Assert.ThrowsAsync<ProviderCircuitOpenException>(() => host.Provider.GetStatusAsync(SegmindTestHost.Handle(submission)));
        Assert.Equal(seen, host.RequestsSeen);
    }

    [Fact]
    public async Task After_the_break_it_half_opens_and_one_successful_call_closes_it()
    {
        await using var host = await CircuitTestHost.StartAsync(minimumThroughput: 2);
        await host.RateLimitedSubmitAsync();
        await host.RateLimitedSubmitAsync();
        Assert.Equal(ProviderCircuitState.Open, host.State);

        host.Time.Advance(CircuitTestHost.BreakDuration);
        Assert.Equal(ProviderCircuitState.HalfOpen, host.State); // even before a call arrives, so routing sends a probe
        var submitsBefore = host.Simulator.SubmitCount;
        await host.SubmitAsync();

        Assert.Equal(submitsBefore + 1, host.Simulator.SubmitCount);
        Assert.Equal(ProviderCircuitState.Closed, host.State);
        Assert.Equal("closed", host.Report.State);
        await host.SubmitAsync();
    }

    [Fact]
    public async Task A_failed_probe_opens_it_again()
    {
        await using var host = await CircuitTestHost.StartAsync(minimumThroughput: 2);
        await host.RateLimitedSubmitAsync();
        await host.RateLimitedSubmitAsync();
        host.Time.Advance(CircuitTestHost.BreakDuration);

        await host.RateLimitedSubmitAsync(); // the probe is sent, and fails

        Assert.Equal(ProviderCircuitState.Open, host.State);
        var seen = host.RequestsSeen;
        var refused = await Assert.ThrowsAsync<ProviderCircuitOpenException>(host.SubmitAsync);
        Assert.Equal(CircuitTestHost.BreakDuration, refused.RetryAfter);
        Assert.Equal(seen, host.RequestsSeen);
    }

    [Fact]
    public async Task A_validation_400_from_the_provider_does_not_count()
    {
        await using var host = await CircuitTestHost.StartAsync(minimumThroughput: 2);
        for (var i = 0; i < 5; i++)
        {
            host.Simulator.Behavior.SubmitFault = SubmitFault.BadRequest;
            var rejected = await Assert.ThrowsAsync<ProviderException>(host.SubmitAsync);
            Assert.Equal(ProviderErrorCodes.ProviderRejected, rejected.ErrorCode);
        }

        Assert.Equal(ProviderCircuitState.Closed, host.State);
        Assert.Equal(new ProviderCircuitReport("closed", 0, 5, 0), host.Report);
        await host.SubmitAsync();
    }

    [Fact]
    public async Task An_unauthorized_key_counts_as_a_failure()
    {
        await using var host = await CircuitTestHost.StartAsync(minimumThroughput: 2);
        for (var i = 0; i < 2; i++)
        {
            host.Simulator.Behavior.SubmitFault = SubmitFault.Unauthorized;
            await Assert.ThrowsAsync<ProviderException>(host.SubmitAsync);
        }

        Assert.Equal(ProviderCircuitState.Open, host.State);
    }
}
