using ImagePipeline.Testing;

namespace ImagePipeline.Standalone.Tests;

/// <summary>Two host processes on one data folder would both resume its unfinished generations and run each twice:
/// the second is refused while the first runs (the runtime holds the folder's lock, not a lock per journal write),
/// and the folder serves a new process once the first is gone, even after kill -9.</summary>
public sealed class DataFolderExclusiveUseTests
{
    [Fact]
    public async Task A_second_host_process_on_the_same_data_folder_is_refused_while_the_first_runs()
    {
        var data = Directory.CreateTempSubdirectory("imagepipeline-exclusive-").FullName;
        var port = LoopbackPorts.Free();
        var settings = PipelineHost.BaseSettings(new Uri($"http://127.0.0.1:{port}/"), data);
        var otherPort = LoopbackPorts.Free();

        await using (var first = await StandaloneProcess.StartAsync(settings, port))
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StandaloneProcess.StartAsync(settings, otherPort));
            Assert.Contains("exited", refused.Message, StringComparison.Ordinal);
            first.KillHard();
        }

        await using (var third = await StandaloneProcess.StartAsync(settings, otherPort))
        {
            using var http = new HttpClient { BaseAddress = third.BaseUrl };
            using var health = await http.GetAsync("api/health");
            Assert.True(health.IsSuccessStatusCode);
        }

        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
