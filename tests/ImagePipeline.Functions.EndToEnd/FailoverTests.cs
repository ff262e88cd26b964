using System.Net;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Testing.Simulators;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>Failover on the real Functions host: Segmind refuses the submit before accepting a job (401), so the
/// orchestration's next attempt runs on Runware; the status shows both attempts and what the generation cost.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class FailoverTests
{
    readonly FunctionsAppFixture _app;

    public FailoverTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task A_refused_submit_fails_over_to_the_next_provider_and_the_status_shows_both_attempts_and_the_cost()
    {
        var (segmindJobs, runwareJobs) = (_app.Segmind.SubmitCount, _app.Runware.SubmitCount);
        _app.Segmind.Behavior.SubmitFault = SubmitFault.Unauthorized;
        using var start = await _app.StartGenerationAsync(new { prompt = "a lighthouse at dusk", provider = new[] { "segmind", "runware" }, aspectRatio = "1:1" });
        var body = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        var done = await _app.WaitForTerminalAsync(id);

        Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
        Assert.Equal("runware", done.Provider);
        Assert.Collection(done.Attempts!,
            refused => Assert.Equal(("segmind", AttemptOutcomes.Refused, "provider_unauthorized"), (refused.Provider, refused.Outcome, refused.Error?.Code)),
            succeeded => Assert.Equal(("runware", AttemptOutcomes.Succeeded), (succeeded.Provider, succeeded.Outcome)));
        Assert.Equal(CostBasis.Reported, done.Cost?.Basis); // Runware's own figure; Segmind billed nothing
        Assert.Equal(segmindJobs, _app.Segmind.SubmitCount);
        Assert.Equal(runwareJobs + 1, await _app.Runware.SettledSubmitCountAsync(runwareJobs + 1));
    }
}
