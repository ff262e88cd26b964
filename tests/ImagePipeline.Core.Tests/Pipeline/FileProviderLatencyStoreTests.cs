using ImagePipeline.Pipeline;

namespace ImagePipeline.Tests.Pipeline;

public sealed class FileProviderLatencyStoreTests : IDisposable
{
    readonly string _directory = Path.Combine(Path.GetTempPath(), "latency-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Concurrent_completions_all_keep_their_sample_per_provider_and_model()
    {
        using var store = new FileProviderLatencyStore(_directory, keep: 200);

        await Task.WhenAll(Enumerable.Range(1, 50).Select(i => Task.Run(() => store.RecordAsync("runware", "luma:uni@1", TimeSpan.FromSeconds(i)))));
        await store.RecordAsync("segmind", "luma-uni-1", TimeSpan.FromSeconds(61));

        var runware = await store.ReadRecentAsync("runware", "luma:uni@1");
        Assert.Equal(Enumerable.Range(1, 50).Select(i => TimeSpan.FromSeconds(i)), runware.Order());
        Assert.Equal([TimeSpan.FromSeconds(61)], await store.ReadRecentAsync("segmind", "luma-uni-1"));
        Assert.Empty(await store.ReadRecentAsync("segmind", "luma-uni-1-max"));
    }

    [Fact]
    public async Task Only_the_newest_samples_are_kept_and_they_survive_a_restart()
    {
        using (var store = new FileProviderLatencyStore(_directory, keep: 3))
        {
            foreach (var seconds in new[] { 10, 20, 30, 40, 50 }) await store.RecordAsync("segmind", "luma-uni-1", TimeSpan.FromSeconds(seconds));
        }

        using var restarted = new FileProviderLatencyStore(_directory, keep: 3);
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(50)], await restarted.ReadRecentAsync("segmind", "luma-uni-1"));
    }

    [Fact]
    public async Task A_damaged_history_reads_as_none_and_is_started_again()
    {
        using var store = new FileProviderLatencyStore(_directory, keep: 10);
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, ProviderLatencyHistory.NameFor("segmind", "luma-uni-1")), "{ not json");

        Assert.Empty(await store.ReadRecentAsync("segmind", "luma-uni-1"));
        await store.RecordAsync("segmind", "luma-uni-1", TimeSpan.FromSeconds(42));
        Assert.Equal([TimeSpan.FromSeconds(42)], await store.ReadRecentAsync("segmind", "luma-uni-1"));
    }

    [Fact]
    public async Task Starts_read_a_history_file_once_per_process_not_once_per_generation()
    {
        using var store = new FileProviderLatencyStore(_directory, keep: 10);
        await store.RecordAsync("segmind", "luma-uni-1", TimeSpan.FromSeconds(42));
        Assert.Equal([TimeSpan.FromSeconds(42)], await store.ReadRecentAsync("segmind", "luma-uni-1"));

        // The data folder is this process's alone: what the store wrote is what the file holds, so it is not read again
        // (here the file is damaged behind its back to show it).
        await File.WriteAllTextAsync(Path.Combine(_directory, ProviderLatencyHistory.NameFor("segmind", "luma-uni-1")), "{ not json");

        Assert.Equal([TimeSpan.FromSeconds(42)], await store.ReadRecentAsync("segmind", "luma-uni-1"));
    }
}
