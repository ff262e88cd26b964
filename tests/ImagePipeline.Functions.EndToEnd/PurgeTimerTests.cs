using System.Net;
using System.Net.Http.Json;
using ImagePipeline.Generation;

namespace ImagePipeline.Functions.EndToEnd;

/// <summary>The history purge timer, run on demand through the host's admin API (<c>POST /admin/functions/{name}</c>
/// with the master key) as an operator would: finished generations older than <c>Maintenance__PurgeAfter</c> (2 s
/// here) lose their status record, a generation still waiting keeps it.</summary>
[Collection(FunctionsAppCollection.Name)]
public sealed class PurgeTimerTests
{
    readonly FunctionsAppFixture _app;

    public PurgeTimerTests(FunctionsAppFixture app)
    {
        _app = app;
        _app.ResetSimulators();
    }

    [Fact]
    public async Task The_purge_timer_removes_old_finished_generations_and_keeps_waiting_ones()
    {
        _app.Segmind.Behavior.JobDuration = TimeSpan.FromMinutes(5);
        var finished = await _app.StartAndGetIdAsync(new { prompt = "a quick sketch", provider = "mock" });
        var waiting = await _app.StartAndGetIdAsync(new { prompt = "a slow painting", provider = "segmind" });
        Assert.Equal(GenerationStatus.Completed, (await _app.WaitForTerminalAsync(finished)).Status);
        await _app.WaitForAsync(waiting, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);
        await Task.Delay(TimeSpan.FromSeconds(3)); // both older than Maintenance__PurgeAfter

        using var run = new HttpRequestMessage(HttpMethod.Post, "admin/functions/PurgeInstanceHistory") { Content = JsonContent.Create(new { input = "" }) };
        run.Headers.Add("x-functions-key", FunctionsAppFixture.FunctionKey); // the stand-in's master key
        using var accepted = await _app.Anonymous.SendAsync(run);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"The admin API answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");

        await Eventually.ValueAsync(async () => await _app.FindStatusAsync(finished) is null ? (bool?)true : null,
            TimeSpan.FromSeconds(30), $"the history of {finished} to be purged", _app);
        var stillWaiting = await _app.FindStatusAsync(waiting);
        Assert.NotNull(stillWaiting);
        Assert.False(stillWaiting.Status.IsTerminal());

        using var cancel = await _app.Http.PostAsync($"api/generations/{waiting}/cancel", null);
        Assert.Equal(GenerationStatus.Canceled, (await _app.WaitForTerminalAsync(waiting)).Status);
    }
}
