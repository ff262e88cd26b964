using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Storage;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Tests.Imaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Storage;

/// <summary>Against a real Azurite process (see <see cref="AzuriteServer"/>).</summary>
public sealed class BlobOutputStoreTests : IAsyncLifetime
{
    static readonly DateTimeOffset CreatedAt = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);

    readonly string _containerName = "outputs-" + Guid.NewGuid().ToString("N")[..12];
    AzuriteServer _azurite = null!;
    BlobServiceClient _service = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.GetSharedAsync();
        _service = new BlobServiceClient(_azurite.ConnectionString);
    }

    public Task DisposeAsync() => _service.GetBlobContainerClient(_containerName).DeleteIfExistsAsync();

    BlobOutputStore CreateStore(int blockSize = 4 * 1024 * 1024) =>
        new(_service, Options.Create(new BlobOutputStoreOptions { ContainerName = _containerName, UploadBlockSize = blockSize }));

    [Fact]
    public async Task A_saved_png_lands_under_its_deterministic_name_with_content_type_and_metadata()
    {
        var png = TestImages.Png(120, 80);
        var store = CreateStore();

        var stored = await store.SaveAsync(new OutputWrite("gen-a", 0, CreatedAt, "application/octet-stream", new Dictionary<string, string> { ["tenant"] = "acme" }),
            new TrickleStream(png, 700));

        Assert.Equal("2025/06/01/gen-a/0.png", stored.Name);
        Assert.Equal("image/png", stored.ContentType);
        Assert.Equal(png.Length, stored.Bytes);
        Assert.Equal((120, 80), (stored.Width, stored.Height));
        var blob = _service.GetBlobContainerClient(_containerName).GetBlobClient(stored.Name);
        Assert.Equal(blob.Uri.AbsoluteUri, stored.Uri);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal("image/png", properties.ContentType);
        Assert.Equal(png.Length, properties.ContentLength);
        Assert.Equal(stored.Sha256, properties.Metadata["sha256"]);
        Assert.Equal("120", properties.Metadata["width"]);
        Assert.Equal("80", properties.Metadata["height"]);
        Assert.Equal("gen-a", properties.Metadata["generationid"]);
        Assert.Equal("acme", properties.Metadata["tenant"]);
        var downloaded = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(downloaded)), stored.Sha256);
        Assert.Equal(png, downloaded);
    }

    [Fact]
    public async Task An_output_that_fits_in_one_block_is_written_with_one_storage_request()
    {
        // Every request to storage is billed and adds a round trip to the caller's wait for the webhook.
        var writes = new BlobWriteCounter();
        var options = new BlobClientOptions();
        options.AddPolicy(writes, HttpPipelinePosition.PerCall);
        await _service.GetBlobContainerClient(_containerName).CreateIfNotExistsAsync();
        var store = new BlobOutputStore(new BlobServiceClient(_azurite.ConnectionString, options),
            Options.Create(new BlobOutputStoreOptions { ContainerName = _containerName }));
        var png = TestImages.Png(300, 200);

        var stored = await store.SaveAsync(new OutputWrite("gen-one", 0, CreatedAt), new TrickleStream(png, 4096));

        Assert.Equal(1, writes.BlobWrites);
        var properties = (await _service.GetBlobContainerClient(_containerName).GetBlobClient(stored.Name).GetPropertiesAsync()).Value;
        Assert.Equal("image/png", properties.ContentType);
        Assert.Equal(stored.Sha256, properties.Metadata["sha256"]);
    }

    /// <summary>Counts the requests that write a blob's content (PUT below a container).</summary>
    sealed class BlobWriteCounter : HttpPipelineSynchronousPolicy
    {
        int _blobWrites;

        public int BlobWrites => Volatile.Read(ref _blobWrites);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.Trim('/').Split('/').Length > 2)
                Interlocked.Increment(ref _blobWrites);
        }
    }

    [Fact]
    public async Task Saving_the_same_output_again_overwrites_instead_of_duplicating()
    {
        var store = CreateStore();
        var write = new OutputWrite("gen-b", 1, CreatedAt);
        await store.SaveAsync(write, new MemoryStream(TestImages.Png(10, 10, red: 1)));
        var second = TestImages.Png(30, 10, red: 2);

        var stored = await store.SaveAsync(write, new MemoryStream(second));

        var container = _service.GetBlobContainerClient(_containerName);
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "2025/06/01/gen-b/", default)) names.Add(item.Name);
        Assert.Equal(["2025/06/01/gen-b/1.png"], names);
        var downloaded = (await container.GetBlobClient(stored.Name).DownloadContentAsync()).Value;
        Assert.Equal(second, downloaded.Content.ToArray());
        Assert.Equal("30", downloaded.Details.Metadata["width"]);
    }

    [Fact]
    public async Task A_large_jpeg_is_uploaded_in_blocks_and_keeps_its_hash_and_size()
    {
        var jpeg = TestImages.Jpeg(3000, 2000, app1PayloadBytes: 65_000);
        var big = jpeg.Concat(new byte[300_000]).ToArray(); // trailing bytes after EOI: still one file, several blocks
        var store = CreateStore(blockSize: 64 * 1024);

        var stored = await store.SaveAsync(new OutputWrite("gen-c", 0, CreatedAt, "image/png"), new TrickleStream(big, 10_000));

        Assert.Equal("2025/06/01/gen-c/0.jpg", stored.Name);
        Assert.Equal("image/jpeg", stored.ContentType);
        Assert.Equal((3000, 2000), (stored.Width, stored.Height));
        await using var read = await store.OpenReadAsync(stored.Name);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(big.Length, copy.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(copy.ToArray())), stored.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(big)), stored.Sha256);
    }

    [Fact]
    public async Task A_retry_that_turns_out_to_be_another_format_replaces_the_earlier_blob()
    {
        var store = CreateStore();
        var write = new OutputWrite("gen-d", 0, CreatedAt);
        await store.SaveAsync(write, new MemoryStream(TestImages.Png(5, 5)));

        await store.SaveAsync(write, new MemoryStream(TestImages.WebPLossless(5, 5)));

        var names = new List<string>();
        await foreach (var item in _service.GetBlobContainerClient(_containerName).GetBlobsAsync(BlobTraits.None, BlobStates.None, "2025/06/01/gen-d/", default)) names.Add(item.Name);
        Assert.Equal(["2025/06/01/gen-d/0.webp"], names);
    }

    [Fact]
    public async Task Tiny_content_that_is_no_image_is_stored_with_the_declared_type()
    {
        var store = CreateStore();

        var stored = await store.SaveAsync(new OutputWrite("gen-e", 3, CreatedAt, "image/gif"), new MemoryStream("tiny"u8.ToArray()));

        Assert.Equal("2025/06/01/gen-e/3.gif", stored.Name);
        Assert.Equal("image/gif", stored.ContentType);
        Assert.Equal(4, stored.Bytes);
    }

    [Fact]
    public async Task Reading_a_missing_output_gives_nothing()
    {
        var store = CreateStore();
        await store.SaveAsync(new OutputWrite("gen-f", 0, CreatedAt), new MemoryStream(TestImages.Png(1, 1)));

        Assert.Null(await store.OpenReadAsync("2025/06/01/gen-f/9.png"));
    }

    [Fact]
    public async Task The_store_built_from_a_connection_string_creates_its_container()
    {
        var store = new BlobOutputStore(Options.Create(new BlobOutputStoreOptions { ConnectionString = _azurite.ConnectionString, ContainerName = _containerName }));

        await store.SaveAsync(new OutputWrite("gen-g", 0, CreatedAt), new MemoryStream(TestImages.Gif(2, 2)));

        Assert.True((await _service.GetBlobContainerClient(_containerName).ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_stored_blob_is_served_whole_and_by_range_through_the_download_result()
    {
        var png = TestImages.Png(400, 300);
        var store = CreateStore(blockSize: 1024); // several blocks: the read must seek across them
        var stored = await store.SaveAsync(new OutputWrite("gen-read", 0, CreatedAt), new MemoryStream(png));
        Assert.True(png.Length > 3000, $"PNG of {png.Length} bytes is too small to span blocks");

        var (status, body, contentRange) = await DownloadAsync(store, stored, range: null);
        Assert.Equal(200, status);
        Assert.Equal(png, body);

        (status, body, contentRange) = await DownloadAsync(store, stored, range: "bytes=1500-2599");
        Assert.Equal(206, status);
        Assert.Equal($"bytes 1500-2599/{png.Length}", contentRange);
        Assert.Equal(png[1500..2600], body);
    }

    [Fact]
    public async Task Deleting_a_generations_outputs_removes_its_blobs_and_keeps_the_others()
    {
        var store = CreateStore();
        await store.SaveAsync(new OutputWrite("gen-old", 0, CreatedAt), new MemoryStream(TestImages.Png(8, 8)));
        await store.SaveAsync(new OutputWrite("gen-old", 1, CreatedAt), new MemoryStream(TestImages.Png(8, 8)));
        var kept = await store.SaveAsync(new OutputWrite("gen-old-2", 0, CreatedAt), new MemoryStream(TestImages.Png(8, 8)));

        Assert.Equal(2, await store.DeleteGenerationAsync("gen-old", CreatedAt));

        var names = new List<string>();
        await foreach (var blob in _service.GetBlobContainerClient(_containerName).GetBlobsAsync()) names.Add(blob.Name);
        Assert.Equal([kept.Name], names);
        Assert.Equal(0, await store.DeleteGenerationAsync("gen-old", CreatedAt));
    }

    static async Task<(int Status, byte[] Body, string? ContentRange)> DownloadAsync(BlobOutputStore store, StoredOutput stored, string? range)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        context.Request.Method = "GET";
        if (range is not null) context.Request.Headers.Range = range;
        using var body = new MemoryStream();
        context.Response.Body = body;
        var content = await store.OpenReadAsync(stored.Name) ?? throw new InvalidOperationException("not stored");
        await new ImagePipeline.Api.OutputDownloadResult(content, stored.ContentType, stored.Sha256).ExecuteAsync(context);
        return (context.Response.StatusCode, body.ToArray(), context.Response.Headers.ContentRange.ToString() is { Length: > 0 } value ? value : null);
    }
}
