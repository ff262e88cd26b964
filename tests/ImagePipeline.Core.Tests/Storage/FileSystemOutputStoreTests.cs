using System.Security.Cryptography;
using System.Text.Json;
using ImagePipeline.Storage;
using ImagePipeline.Tests.Imaging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Storage;

public sealed class FileSystemOutputStoreTests : IDisposable
{
    static readonly DateTimeOffset CreatedAt = new(2025, 3, 7, 14, 30, 0, TimeSpan.Zero);

    readonly string _root = Path.Combine(Path.GetTempPath(), "fs-store-" + Guid.NewGuid().ToString("N"));
    readonly FileSystemOutputStore _store;

    public FileSystemOutputStoreTests()
    {
        _store = new FileSystemOutputStore(Options.Create(new FileSystemOutputStoreOptions { RootDirectory = _root }));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_saved_png_gets_its_deterministic_name_hash_size_and_dimensions()
    {
        var png = TestImages.Png(64, 48);

        var stored = await _store.SaveAsync(new OutputWrite("gen-1", 0, CreatedAt, "application/octet-stream"), new TrickleStream(png, 1000));

        Assert.Equal("2025/03/07/gen-1/0.png", stored.Name);
        Assert.Equal("image/png", stored.ContentType);
        Assert.Equal(png.Length, stored.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(png)), stored.Sha256);
        Assert.Equal(64, stored.Width);
        Assert.Equal(48, stored.Height);
        var path = Path.Combine(_root, "2025", "03", "07", "gen-1", "0.png");
        Assert.Equal(new Uri(path).AbsoluteUri, stored.Uri);
        Assert.StartsWith("file://", stored.Uri, StringComparison.Ordinal);
        Assert.Equal(png, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task The_sidecar_records_content_type_size_hash_dimensions_and_metadata()
    {
        var jpeg = TestImages.Jpeg(800, 600);
        var metadata = new Dictionary<string, string> { ["customer"] = "acme" };

        var stored = await _store.SaveAsync(new OutputWrite("gen-2", 1, CreatedAt, null, metadata), new MemoryStream(jpeg));

        using var sidecar = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_root, stored.Name + ".json")));
        var json = sidecar.RootElement;
        Assert.Equal("image/jpeg", json.GetProperty("contentType").GetString());
        Assert.Equal(jpeg.Length, json.GetProperty("bytes").GetInt64());
        Assert.Equal(stored.Sha256, json.GetProperty("sha256").GetString());
        Assert.Equal(800, json.GetProperty("width").GetInt32());
        Assert.Equal(600, json.GetProperty("height").GetInt32());
        Assert.Equal("acme", json.GetProperty("metadata").GetProperty("customer").GetString());
    }

    [Fact]
    public async Task Saving_the_same_output_again_overwrites_instead_of_duplicating()
    {
        var write = new OutputWrite("gen-3", 2, CreatedAt);
        await _store.SaveAsync(write, new MemoryStream(TestImages.Png(10, 10, red: 1)));
        var second = TestImages.Png(20, 10, red: 2);

        var stored = await _store.SaveAsync(write, new MemoryStream(second));

        var folder = Path.Combine(_root, "2025", "03", "07", "gen-3");
        Assert.Equal(["2.png", "2.png.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(second, await File.ReadAllBytesAsync(Path.Combine(folder, "2.png")));
        Assert.Equal(20, stored.Width);
    }

    [Fact]
    public async Task A_retry_that_turns_out_to_be_another_format_replaces_the_earlier_copy()
    {
        var write = new OutputWrite("gen-4", 0, CreatedAt);
        await _store.SaveAsync(write, new MemoryStream(TestImages.Png(5, 5)));

        var stored = await _store.SaveAsync(write, new MemoryStream(TestImages.Gif(5, 5)));

        Assert.Equal("2025/03/07/gen-4/0.gif", stored.Name);
        var folder = Path.Combine(_root, "2025", "03", "07", "gen-4");
        Assert.Equal(["0.gif", "0.gif.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task The_folder_date_is_the_utc_date_of_creation()
    {
        var lateEveningInNewYork = new DateTimeOffset(2024, 12, 31, 22, 0, 0, TimeSpan.FromHours(-5));

        var stored = await _store.SaveAsync(new OutputWrite("gen-5", 0, lateEveningInNewYork), new MemoryStream(TestImages.Png(1, 1)));

        Assert.Equal("2025/01/01/gen-5/0.png", stored.Name);
    }

    [Theory]
    [InlineData("image/webp", "webp", "image/webp")]
    [InlineData("image/jpeg", "jpg", "image/jpeg")]
    [InlineData(null, "bin", "application/octet-stream")]
    [InlineData("text/plain", "bin", "text/plain")]
    public async Task Unrecognised_bytes_fall_back_to_the_declared_content_type(string? declared, string extension, string contentType)
    {
        var stored = await _store.SaveAsync(new OutputWrite("gen-6", 0, CreatedAt, declared), new MemoryStream("not an image header at all"u8.ToArray()));

        Assert.Equal($"2025/03/07/gen-6/0.{extension}", stored.Name);
        Assert.Equal(contentType, stored.ContentType);
        Assert.Null(stored.Width);
    }

    [Fact]
    public async Task A_stored_output_can_be_read_back_by_name()
    {
        var gif = TestImages.Gif(2, 2);
        var stored = await _store.SaveAsync(new OutputWrite("gen-7", 0, CreatedAt), new MemoryStream(gif));

        await using var read = await _store.OpenReadAsync(stored.Name);

        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(gif, copy.ToArray());
    }

    [Theory]
    [InlineData("2025/03/07/none/0.png")]
    [InlineData("../../etc/passwd")]
    public async Task Missing_or_escaping_names_read_as_nothing(string name) =>
        Assert.Null(await _store.OpenReadAsync(name));

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public async Task Generation_ids_that_are_not_one_path_segment_are_refused(string generationId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SaveAsync(new OutputWrite(generationId, 0, CreatedAt), new MemoryStream(TestImages.Png(1, 1))));
        Assert.False(Directory.Exists(Path.Combine(_root, "escape")));
    }

    [Fact]
    public async Task No_temporary_files_are_left_behind()
    {
        await _store.SaveAsync(new OutputWrite("gen-8", 0, CreatedAt), new MemoryStream(TestImages.Png(4, 4)));
        await _store.SaveAsync(new OutputWrite("gen-8", 1, CreatedAt), new MemoryStream(TestImages.Jpeg(4, 4)));

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order();

        Assert.Equal(["0.png", "0.png.json", "1.jpg", "1.jpg.json"], files);
    }

    [Fact]
    public async Task Deleting_a_generations_outputs_removes_its_folder_and_keeps_the_others()
    {
        await _store.SaveAsync(new OutputWrite("gen-old", 0, CreatedAt), new MemoryStream(TestImages.Png(8, 8)));
        await _store.SaveAsync(new OutputWrite("gen-old", 1, CreatedAt), new MemoryStream(TestImages.Png(8, 8)));
        var kept = await _store.SaveAsync(new OutputWrite("gen-other", 0, CreatedAt), new MemoryStream(TestImages.Png(8, 8)));

        Assert.Equal(2, await _store.DeleteGenerationAsync("gen-old", CreatedAt));

        Assert.False(Directory.Exists(Path.Combine(_root, "2025", "03", "07", "gen-old")));
        Assert.True(File.Exists(new Uri(kept.Uri).LocalPath));
        Assert.Equal(0, await _store.DeleteGenerationAsync("gen-old", CreatedAt));
    }
}
