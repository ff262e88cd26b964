using System.Net.Http.Json;
using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;
using ImagePipeline.Testing;
using ImagePipeline.Testing.Simulators;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Segmind;

namespace ImagePipeline.Standalone.Tests;

/// <summary>kill -9 of the host mid-wait, then a restart on the same data folder: every in-flight generation
/// completes, with exactly one submit per generation and one stored copy per output.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Killed_host_resumes_every_generation_without_submitting_twice()
    {
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        segmind.Behavior.JobDuration = TimeSpan.FromSeconds(4);
        var data = Directory.CreateTempSubdirectory("imagepipeline-crash-").FullName;
        var port = LoopbackPorts.Free();
        var settings = PipelineHost.BaseSettings(new Uri($"http://127.0.0.1:{port}/"), data);
        foreach (var (key, value) in SimulatorSettings.For(segmind, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300))) settings[key] = value;

        var ids = new List<string>();
        await using (var first = await StandaloneProcess.StartAsync(settings, port))
        {
            using var http = new HttpClient { BaseAddress = first.BaseUrl };
            for (var i = 0; i < 3; i++)
            {
                using var response = await http.PostAsJsonAsync("api/generations", new { prompt = $"crash test {i}" });
                response.EnsureSuccessStatusCode();
                ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
            }
            foreach (var id in ids) await WaitAsync(http, id, s => s.ProviderJobId is not null);
            Assert.Equal(3, segmind.SubmitCount);
            first.KillHard();
        }

        await using (var second = await StandaloneProcess.StartAsync(settings, port))
        {
            using var http = new HttpClient { BaseAddress = second.BaseUrl };
            foreach (var id in ids)
            {
                var done = await WaitAsync(http, id, s => s.Status.IsTerminal());
                Assert.Equal(GenerationStatus.Completed, done.Status);
                var output = Assert.Single(done.Outputs);
                Assert.True(File.Exists(new Uri(output.Uri).LocalPath));
                var stored = Directory.GetFiles(Path.GetDirectoryName(new Uri(output.Uri).LocalPath)!).Where(f => !f.EndsWith(".json", StringComparison.Ordinal));
                Assert.Single(stored);
            }
        }

        Assert.Equal(3, segmind.SubmitCount);
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    /// <summary>Issue 9, part 6: kill -9 while Runware holds the answer to the submit, and Runware registers the task
    /// only when it answers. The restarted host's lookup finds nothing at first; it must keep looking, not submit again.</summary>
    [Fact]
    public async Task Host_killed_mid_submit_finds_the_task_after_restart_without_submitting_twice()
    {
        await using var runware = new RunwareSimulator { RegisterTasksOnAnswer = true };
        await runware.StartAsync();
        runware.Behavior.SubmitFault = SubmitFault.TimeoutAfterAccept;
        runware.Behavior.SubmitHang = TimeSpan.FromSeconds(5);
        var data = Directory.CreateTempSubdirectory("imagepipeline-crash-submit-").FullName;
        var port = LoopbackPorts.Free();
        var settings = PipelineHost.BaseSettings(new Uri($"http://127.0.0.1:{port}/"), data);
        foreach (var (key, value) in SimulatorSettings.For(runware, TimeSpan.FromMilliseconds(300))) settings[key] = value;
        settings["Pipeline:SubmitLookupGrace"] = "00:00:40";
        settings["Pipeline:SubmitLookupInterval"] = "00:00:00.500";
        settings["Resilience:AttemptTimeout"] = "00:00:30"; // the host dies before its own timeout would end the wait

        string id;
        await using (var first = await StandaloneProcess.StartAsync(settings, port))
        {
            using var http = new HttpClient { BaseAddress = first.BaseUrl };
            using var response = await http.PostAsJsonAsync("api/generations", new { prompt = "crash mid submit", aspectRatio = "1:1" });
            response.EnsureSuccessStatusCode();
            id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            Assert.Equal(1, await runware.SettledSubmitCountAsync());
            Assert.Empty(runware.TaskUuids); // the submit is unanswered, so Runware does not show the task yet
            first.KillHard();
        }

        await using (var second = await StandaloneProcess.StartAsync(settings, port))
        {
            using var http = new HttpClient { BaseAddress = second.BaseUrl };
            var done = await WaitAsync(http, id, s => s.Status.IsTerminal());
            Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
            Assert.Equal(runware.TaskUuids.Single(), done.ProviderJobId);
        }

        Assert.Equal(1, runware.SubmitCount);
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    /// <summary>Issue 13: kill -9 between two attempts — Segmind refused the submit (429, no job) and the failover's
    /// submit to Runware is in flight, accepted but unanswered. After the restart neither attempt is repeated nor
    /// skipped: Segmind sees no new submit, Runware's job is found by the second attempt's own task id, one job in all.</summary>
    [Fact]
    public async Task Host_killed_between_two_attempts_neither_repeats_nor_skips_one()
    {
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        segmind.Behavior.RateLimitNextRequests = int.MaxValue;
        segmind.Behavior.RateLimitWait = TimeSpan.FromMilliseconds(50);
        await using var runware = new RunwareSimulator { RegisterTasksOnAnswer = true };
        await runware.StartAsync();
        runware.Behavior.SubmitFault = SubmitFault.TimeoutAfterAccept;
        runware.Behavior.SubmitHang = TimeSpan.FromSeconds(5);
        var data = Directory.CreateTempSubdirectory("imagepipeline-crash-failover-").FullName;
        var port = LoopbackPorts.Free();
        var settings = PipelineHost.BaseSettings(new Uri($"http://127.0.0.1:{port}/"), data);
        foreach (var (key, value) in SimulatorSettings.For(segmind, TimeSpan.FromMilliseconds(300))) settings[key] = value;
        foreach (var (key, value) in SimulatorSettings.For(runware, TimeSpan.FromMilliseconds(300))) settings[key] = value;
        settings["Pipeline:SubmitLookupGrace"] = "00:00:40";
        settings["Pipeline:SubmitLookupInterval"] = "00:00:00.500";
        settings["Resilience:AttemptTimeout"] = "00:00:30";
        settings["Resilience:MaxDelay"] = "00:00:00.100";

        string id;
        int segmindSubmitsBeforeKill;
        await using (var first = await StandaloneProcess.StartAsync(settings, port))
        {
            using var http = new HttpClient { BaseAddress = first.BaseUrl };
            using var response = await http.PostAsJsonAsync("api/generations",
                new { prompt = "crash between attempts", aspectRatio = "1:1", provider = new[] { "segmind", "runware" } });
            response.EnsureSuccessStatusCode();
            id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            Assert.Equal(1, await runware.SettledSubmitCountAsync());
            segmindSubmitsBeforeKill = SubmitRequests(segmind);
            Assert.True(segmindSubmitsBeforeKill >= 1);
            first.KillHard();
        }

        await using (var second = await StandaloneProcess.StartAsync(settings, port))
        {
            using var http = new HttpClient { BaseAddress = second.BaseUrl };
            var done = await WaitAsync(http, id, s => s.Status.IsTerminal());
            Assert.True(done.Status == GenerationStatus.Completed, $"{done.Status}: {done.Error?.Code} {done.Error?.Message}");
            Assert.Equal("runware", done.Provider);
            Assert.Equal(runware.TaskUuids.Single(), done.ProviderJobId);
            Assert.Collection(done.Attempts!,
                refused => Assert.Equal(("segmind", AttemptOutcomes.Refused), (refused.Provider, refused.Outcome)),
                succeeded => Assert.Equal(("runware", AttemptOutcomes.Succeeded), (succeeded.Provider, succeeded.Outcome)));
        }

        Assert.Equal(segmindSubmitsBeforeKill, SubmitRequests(segmind)); // attempt 1 was not repeated
        Assert.Equal((0, 1), (segmind.SubmitCount, runware.SubmitCount)); // one job in all
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    static int SubmitRequests(SegmindSimulator segmind) =>
        segmind.AnsweredRequests.Count(r => r.Method == "POST" && r.Path.StartsWith("/v2/", StringComparison.Ordinal));

    static async Task<GenerationStatusDocument> WaitAsync(HttpClient http, string id, Func<GenerationStatusDocument, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        GenerationStatusDocument? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await http.GetFromJsonAsync<GenerationStatusDocument>($"api/generations/{id}", WorkflowJson.Options);
            if (last is not null && until(last)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Generation {id} stuck at {last?.Status}.");
    }
}
