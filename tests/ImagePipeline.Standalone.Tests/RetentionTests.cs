using System.Net;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Standalone.Retention;
using ImagePipeline.Testing.Simulators.Segmind;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Retention (<c>Retention__*</c>): finished generations older than the limit leave nothing in the data folder
/// but, unless told otherwise, their outputs; newer and unfinished ones are untouched.</summary>
public sealed class RetentionTests : IAsyncDisposable
{
    readonly SegmindSimulator _segmind = new();
    PipelineHost? _host;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _segmind.DisposeAsync();
    }

    async Task<PipelineHost> StartHostAsync(Dictionary<string, string?>? retention = null)
    {
        await _segmind.StartAsync();
        _segmind.Behavior.JobDuration = TimeSpan.FromMinutes(5); // a Segmind generation stays unfinished
        var settings = SimulatorSettings.For(_segmind, firstPoll: TimeSpan.FromMilliseconds(200), interval: TimeSpan.FromMilliseconds(200));
        settings["Providers:Mock:Delay"] = "00:00:00.050";
        foreach (var (key, value) in retention ?? []) settings[key] = value;
        return _host = await PipelineHost.StartAsync(settings);
    }

    static string DataUri(int seed) => "data:image/png;base64," + Convert.ToBase64String(PngImageEncoder.CreateGradient(8, 8, seed));

    async Task<GenerationStatusDocument> CompleteAsync(PipelineHost host, string image)
    {
        var id = await host.StartAndGetIdAsync(new { prompt = "make the sky a sunset", provider = "mock", image });
        var status = await host.WaitForTerminalAsync(id);
        Assert.Equal(GenerationStatus.Completed, status.Status);
        return status;
    }

    static int FilesUnder(string folder, string pattern = "*") =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Count() : 0;

    [Fact]
    public async Task A_sweep_purges_only_generations_that_ended_before_the_cutoff_and_keeps_their_outputs_by_default()
    {
        var host = await StartHostAsync();
        var unfinished = await host.StartAndGetIdAsync(new { prompt = "a fox that takes its time", provider = "segmind" });
        await host.WaitForAsync(unfinished, s => s.Status is GenerationStatus.Submitted or GenerationStatus.Running);
        var old = await CompleteAsync(host, DataUri(seed: 1));
        var shared = DataUri(seed: 2);
        var oldSharing = await CompleteAsync(host, shared);
        var cutoff = DateTimeOffset.UtcNow;
        var recent = await CompleteAsync(host, shared); // stores the shared input again after the cutoff
        var data = host.DataDirectory;
        Assert.Equal(2, FilesUnder(Path.Combine(data, "inputs")));
        Assert.Equal(4, FilesUnder(Path.Combine(data, "submissions")));

        var purged = await host.Services.GetRequiredService<GenerationRetention>().PurgeAsync(cutoff);

        Assert.Equal(2, purged);
        foreach (var gone in new[] { old.Id, oldSharing.Id })
        {
            using var response = await host.Http.GetAsync($"api/generations/{gone}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            // Outputs stay (Retention:DeleteOutputs is off) and are still where uri says.
            Assert.True(File.Exists(new Uri((gone == old.Id ? old : oldSharing).Outputs[0].Uri).LocalPath));
        }
        Assert.Equal(GenerationStatus.Completed, (await host.GetStatusAsync(recent.Id)).Status);
        Assert.Contains((await host.GetStatusAsync(unfinished)).Status, new[] { GenerationStatus.Submitted, GenerationStatus.Running });
        Assert.Equal(1, FilesUnder(Path.Combine(data, "runtime", "completed"))); // the recent one's journal
        Assert.Equal(2, FilesUnder(Path.Combine(data, "submissions"))); // recent + unfinished
        Assert.Equal(1, FilesUnder(Path.Combine(data, "inputs"))); // the shared image a kept generation stored again
        using (var recentOutput = await host.Http.GetAsync(recent.Outputs[0].Url))
        {
            Assert.Equal(HttpStatusCode.OK, recentOutput.StatusCode);
        }

        // The recent one, once past the limit too: the shared input goes with it; the unfinished one still stays.
        Assert.Equal(1, await host.Services.GetRequiredService<GenerationRetention>().PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(0, FilesUnder(Path.Combine(data, "inputs")));
        Assert.Equal(1, FilesUnder(Path.Combine(data, "submissions")));
        Assert.Equal(3, FilesUnder(Path.Combine(data, "outputs"), "*.png"));
    }

    [Fact]
    public async Task The_host_sweeps_by_itself_and_deletes_outputs_when_configured()
    {
        var host = await StartHostAsync(new()
        {
            ["Retention:FinishedAfter"] = "00:00:02",
            ["Retention:DeleteOutputs"] = "true",
            ["Retention:Interval"] = "00:00:00.250",
        });
        var done = await CompleteAsync(host, DataUri(seed: 3));
        var output = new Uri(done.Outputs[0].Uri).LocalPath;
        Assert.True(File.Exists(output));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            using var response = await host.Http.GetAsync($"api/generations/{done.Id}");
            status = response.StatusCode;
            if (status == HttpStatusCode.NotFound) break;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.False(File.Exists(output));
        Assert.Equal(0, FilesUnder(Path.Combine(host.DataDirectory, "outputs"), "*.png"));
        Assert.Equal(0, FilesUnder(Path.Combine(host.DataDirectory, "inputs")));
    }

    [Fact]
    public async Task A_non_positive_limit_stops_the_host_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            StartHostAsync(new() { ["Retention:FinishedAfter"] = "-00:00:01" }));
        Assert.Contains("Retention:FinishedAfter", error.Message, StringComparison.Ordinal);
    }
}
