using ImagePipeline.Generation;
using ImagePipeline.Providers;

namespace ImagePipeline.Tests.Providers.Segmind;

/// <summary>Segmind's own bill (<c>metrics.cost</c> on the result) on the job status.</summary>
public sealed class SegmindCostTests : IAsyncLifetime
{
    SegmindTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SegmindTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Completed_job_reports_the_results_metrics_cost()
    {
        _host.Simulator.ResultCost = 0.0875m;

        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a lighthouse at dawn" }));
        var status = await _host.WaitForTerminalAsync(SegmindTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Equal(new ProviderCost(0.0875m), status.Cost);
    }

    [Fact]
    public async Task Result_without_metrics_cost_leaves_the_cost_unreported()
    {
        _host.Simulator.ResultCost = null;

        var submission = await _host.Client.SubmitAsync(SegmindTestHost.JobRequest(new GenerationRequest { Prompt = "a lighthouse at dawn" }));
        var status = await _host.WaitForTerminalAsync(SegmindTestHost.Handle(submission));

        Assert.Equal(ProviderJobState.Succeeded, status.State);
        Assert.Null(status.Cost);
    }
}
