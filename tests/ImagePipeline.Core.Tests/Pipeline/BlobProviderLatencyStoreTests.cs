using Azure.Storage.Blobs;
using ImagePipeline.Pipeline;
using ImagePipeline.Testing.Azurite;

namespace ImagePipeline.Tests.Pipeline;

/// <summary>Against a real Azurite process: the ETag guard is what keeps two workers' samples.</summary>
public sealed class BlobProviderLatencyStoreTests : IAsyncLifetime
{
    readonly string _containerName = "state-" + Guid.NewGuid().ToString("N")[..12];
    BlobContainerClient _container = null!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.GetSharedAsync();
        _container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_containerName);
    }

    public Task DisposeAsync() => _container.DeleteIfExistsAsync();

    [Fact]
    public async Task Two_workers_recording_at_once_lose_no_sample()
    {
        // Two store instances stand for two Functions workers: no shared lock, only the blob's ETag.
        var first = new BlobProviderLatencyStore(_container, keep: 200);
        var second = new BlobProviderLatencyStore(_container, keep: 200);

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            (i % 2 == 0 ? first : second).RecordAsync("segmind", "luma-uni-1", TimeSpan.FromSeconds(i))));

        var recorded = await new BlobProviderLatencyStore(_container, keep: 200).ReadRecentAsync("segmind", "luma-uni-1");
        Assert.Equal(Enumerable.Range(1, 20).Select(i => TimeSpan.FromSeconds(i)), recorded.Order());
    }

    [Fact]
    public async Task Only_the_newest_samples_are_kept_per_provider_and_model()
    {
        var store = new BlobProviderLatencyStore(_container, keep: 2);
        Assert.Empty(await store.ReadRecentAsync("segmind", "luma-uni-1"));

        foreach (var seconds in new[] { 10, 20, 30 }) await store.RecordAsync("segmind", "luma-uni-1", TimeSpan.FromSeconds(seconds));
        await store.RecordAsync("runware", "luma:uni@1", TimeSpan.FromSeconds(5));

        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)], await store.ReadRecentAsync("segmind", "luma-uni-1"));
        Assert.Equal([TimeSpan.FromSeconds(5)], await store.ReadRecentAsync("runware", "luma:uni@1"));
    }

    [Fact]
    public async Task Starts_reuse_a_history_read_for_30_seconds_then_see_other_workers_samples()
    {
        var clock = new SettableClock(DateTimeOffset.Parse("2026-11-30T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var starter = new BlobProviderLatencyStore(_container, keep: 200, clock);
        var otherWorker = new BlobProviderLatencyStore(_container, keep: 200);
        Assert.Empty(await starter.ReadRecentAsync("segmind", "luma-uni-1"));

        await otherWorker.RecordAsync("segmind", "luma-uni-1", TimeSpan.FromSeconds(61));
        clock.Now += TimeSpan.FromSeconds(29);
        Assert.Empty(await starter.ReadRecentAsync("segmind", "luma-uni-1")); // not downloaded again for every start

        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Equal([TimeSpan.FromSeconds(61)], await starter.ReadRecentAsync("segmind", "luma-uni-1"));
    }

    sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
