using ImagePipeline.Generation;
using ImagePipeline.Testing.Simulators.Luma;
using ImagePipeline.Testing.Simulators.Runware;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Provider webhooks end the wait at once: the first poll is scheduled an hour out, so only the callback
/// can finish these generations within the test. A webhook is a hint: one status read confirms it before archiving.</summary>
public sealed class WebhookGenerationTests
{
    const string SourceImage = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    [Fact]
    public async Task Runware_edit_completes_through_its_webhooks_with_one_confirming_read()
    {
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();
        runware.Behavior.JobDuration = TimeSpan.FromMilliseconds(300);
        runware.Behavior.WebhookDeliveries = 2; // duplicates must be harmless
        await using var host = await PipelineHost.StartAsync(SimulatorSettings.For(runware, SimulatorSettings.WebhookOnly));

        var id = await host.StartAndGetIdAsync(new { prompt = "make the sky purple", image = SourceImage, aspectRatio = "16:9", numberOfImages = 2 });
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal(2, done.Outputs.Count);
        Assert.Equal(2, done.Outputs.Select(o => o.Sha256).Distinct().Count());
        Assert.Equal(1, runware.SubmitCount);
        Assert.Equal(1, runware.StatusCount); // the confirming read after the last result's webhook, not a poll
        Assert.Contains("\"seedImage\"", runware.LastSubmittedBody, StringComparison.Ordinal);
        Assert.Contains("\"width\":2784", runware.LastSubmittedBody, StringComparison.Ordinal);
        Assert.Contains($"/api/callbacks/runware/{id}?token=", runware.LastSubmittedBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Luma_photon_completes_through_its_state_change_callbacks()
    {
        await using var luma = new LumaSimulator();
        await luma.StartAsync();
        luma.Behavior.JobDuration = TimeSpan.FromMilliseconds(300);
        await using var host = await PipelineHost.StartAsync(SimulatorSettings.For(luma, SimulatorSettings.WebhookOnly));

        var id = await host.StartAndGetIdAsync(new { prompt = "a glass of iced coffee", model = "photon-1", aspectRatio = "16:9" });
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        var output = Assert.Single(done.Outputs);
        Assert.Equal(luma.GetOutput(done.ProviderJobId!), await File.ReadAllBytesAsync(new Uri(output.Uri).LocalPath));
        Assert.Equal(1, luma.SubmitCount);
        Assert.True(luma.CallbackDeliveries.Count >= 2, "Dream Machine posts every state change");
        // One confirming read after the "completed" callback; the earlier state changes only show progress.
        Assert.Single(luma.Requests, r => r.Method == "GET" && r.Path.Contains("/generations/", StringComparison.Ordinal));
    }
}
