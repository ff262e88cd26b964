using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Drops;
using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Validation;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Drops;

/// <summary>Blob drops and their resolver against a real Azurite (see <see cref="AzuriteServer"/>).</summary>
public sealed class BlobEditDropTests : IAsyncLifetime
{
    readonly string _containerName = "drops-" + Guid.NewGuid().ToString("N")[..12];
    readonly byte[] _png = PngImageEncoder.CreateGradient(40, 30, seed: 7);
    BlobServiceClient _service = null!;
    BlobContainerClient _container = null!;

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.GetSharedAsync();
        _service = new BlobServiceClient(azurite.ConnectionString);
        _container = _service.GetBlobContainerClient(_containerName);
        await _container.CreateAsync();
    }

    public Task DisposeAsync() => _container.DeleteIfExistsAsync();

    EditDropOptions DropOptions(long maxImageBytes = 20 * 1024 * 1024) => DropTestSupport.TestOptions(_containerName, maxImageBytes);

    BlobEditDropSource Source(EditDropOptions options) => new(_service, Options.Create(options));

    async Task<string> UploadAsync(string name, byte[] content, IDictionary<string, string>? metadata = null)
    {
        var response = await _container.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions { Metadata = metadata });
        return response.Value.ETag.ToString();
    }

    [Fact]
    public async Task A_drop_with_a_prompt_in_metadata_starts_an_edit_whose_image_is_a_reference_and_is_tagged()
    {
        var etag = await UploadAsync("photo.png", _png, new Dictionary<string, string> { ["prompt"] = "make it snow", ["aspectRatio"] = "16:9" });
        var options = DropOptions();
        var client = new InMemoryWorkflowClient();

        var outcome = await DropTestSupport.Processor(options).ProcessAsync((await Source(options).GetAsync("photo.png"))!, client);

        Assert.Equal(EditDropDisposition.Started, outcome.Disposition);
        Assert.Equal(EditDropKeys.BlobGenerationId(_containerName, "photo.png", etag), outcome.GenerationId);
        var input = client.Input(outcome.GenerationId!);
        Assert.Equal("make it snow", input.Request.Prompt);
        Assert.Equal("16:9", input.Request.AspectRatio);
        Assert.Equal("stored-input:blob-drop/photo.png", input.Request.Image);
        Assert.Null(input.Rejection);
        Assert.DoesNotContain("base64", client.SerializedInputs[outcome.GenerationId!], StringComparison.Ordinal);
        var tags = (await _container.GetBlobClient("photo.png").GetTagsAsync()).Value.Tags;
        Assert.Equal("started", tags["pipeline-status"]);
        Assert.Equal(outcome.GenerationId, tags["pipeline-generation-id"]);
    }

    [Fact]
    public async Task Processing_the_same_blob_version_again_starts_nothing_and_tagging_keeps_the_id()
    {
        await UploadAsync("photo.png", _png, new Dictionary<string, string> { ["prompt"] = "make it snow" });
        var options = DropOptions();
        var client = new InMemoryWorkflowClient();
        var processor = DropTestSupport.Processor(options);

        var first = await processor.ProcessAsync((await Source(options).GetAsync("photo.png"))!, client);
        // Tags do not change the ETag, so the redelivered trigger reads the same version.
        var second = await processor.ProcessAsync((await Source(options).GetAsync("photo.png"))!, client);

        Assert.Equal(EditDropDisposition.AlreadyHandled, second.Disposition);
        Assert.Equal(first.GenerationId, second.GenerationId);
        Assert.Single(client.SerializedInputs);
        Assert.Equal(1, client.StartAttempts);
    }

    [Fact]
    public async Task A_sidecar_json_starts_nothing_itself_and_supplies_the_instruction_of_its_image()
    {
        await UploadAsync("photo.json", Encoding.UTF8.GetBytes("""{ "prompt": "paint it blue", "provider": "runware" }"""));
        await UploadAsync("photo.png", _png);
        var options = DropOptions();
        var client = new InMemoryWorkflowClient();
        var processor = DropTestSupport.Processor(options);
        var source = Source(options);

        var sidecar = await processor.ProcessAsync((await source.GetAsync("photo.json"))!, client);
        var image = await processor.ProcessAsync((await source.GetAsync("photo.png"))!, client);

        Assert.Equal(EditDropDisposition.Ignored, sidecar.Disposition);
        Assert.Equal(EditDropDisposition.Started, image.Disposition);
        Assert.Equal("paint it blue", client.Input(image.GenerationId!).Request.Prompt);
        Assert.Equal("runware", client.Input(image.GenerationId!).Provider);
        var names = new List<string>();
        await foreach (var name in source.ListUnmarkedAsync()) names.Add(name);
        Assert.Empty(names); // the image is tagged, the sidecar is never a drop
    }

    [Fact]
    public async Task A_drop_that_is_not_an_image_becomes_a_rejected_generation_and_the_blob_stays_tagged_failed()
    {
        await UploadAsync("notes.txt", Encoding.UTF8.GetBytes("definitely not an image"),
            new Dictionary<string, string> { ["prompt"] = "edit this", ["callbackUrl"] = "https://example.com/hook" });
        var options = DropOptions();
        var client = new InMemoryWorkflowClient();

        var outcome = await DropTestSupport.Processor(options).ProcessAsync((await Source(options).GetAsync("notes.txt"))!, client);

        Assert.Equal(EditDropDisposition.Rejected, outcome.Disposition);
        var input = client.Input(outcome.GenerationId!);
        Assert.Equal(ProviderErrorCodes.InvalidInput, input.Rejection!.Code);
        Assert.Contains("not an image", input.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal("https://example.com/hook", input.Request.CallbackUrl);
        Assert.True((await _container.GetBlobClient("notes.txt").ExistsAsync()).Value);
        var tags = (await _container.GetBlobClient("notes.txt").GetTagsAsync()).Value.Tags;
        Assert.Equal("failed", tags["pipeline-status"]);
        Assert.Contains("not an image", tags["pipeline-reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_instruction_is_rejected_naming_the_field()
    {
        await UploadAsync("photo.png", _png, new Dictionary<string, string> { ["prompt"] = "make it snow", ["aspectRatio"] = "7:5" });
        var options = DropOptions();
        var client = new InMemoryWorkflowClient();

        var outcome = await DropTestSupport.Processor(options).ProcessAsync((await Source(options).GetAsync("photo.png"))!, client);

        Assert.Equal(EditDropDisposition.Rejected, outcome.Disposition);
        Assert.Equal(ProviderErrorCodes.InvalidRequest, client.Input(outcome.GenerationId!).Rejection!.Code);
        Assert.Contains("aspectRatio", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_only_provider_gets_a_read_only_sas_url_that_downloads_the_blob()
    {
        await UploadAsync("photo.png", _png);
        var options = DropOptions();
        var resolver = new BlobInputImageResolver(Source(options), Options.Create(options), TimeProvider.System);

        Assert.True(resolver.CanResolve("stored-input:blob-drop/photo.png"));
        Assert.False(resolver.CanResolve("stored-input:inbox/photo.png"));
        var url = new Uri(await resolver.ResolveAsync("stored-input:blob-drop/photo.png", ImageInputForms.Url, CancellationToken.None));

        Assert.Equal(_container.GetBlobClient("photo.png").Uri.AbsolutePath, url.AbsolutePath);
        Assert.Contains("sig=", url.Query, StringComparison.Ordinal);
        Assert.Contains("sp=r", url.Query, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(_png, await http.GetByteArrayAsync(url));
        using var overwrite = await http.PutAsync(url, new ByteArrayContent([1, 2, 3]) { Headers = { { "x-ms-blob-type", "BlockBlob" } } });
        Assert.Equal(HttpStatusCode.Forbidden, overwrite.StatusCode);
    }

    [Fact]
    public async Task A_data_taking_provider_gets_the_bytes_as_a_data_uri()
    {
        await UploadAsync("photo.png", _png);
        var options = DropOptions();
        var resolver = new BlobInputImageResolver(Source(options), Options.Create(options), TimeProvider.System);

        var value = await resolver.ResolveAsync("stored-input:blob-drop/photo.png", ImageInputForms.Any, CancellationToken.None);

        Assert.True(DataUri.TryParse(value, out var dataUri));
        Assert.Equal("image/png", dataUri.MediaType);
        Assert.Equal(_png, dataUri.GetBytes());
    }

    [Fact]
    public async Task A_blob_gone_before_submit_is_invalid_input()
    {
        var options = DropOptions();
        var resolver = new BlobInputImageResolver(Source(options), Options.Create(options), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ProviderException>(() => resolver.ResolveAsync("stored-input:blob-drop/gone.png", ImageInputForms.Data, CancellationToken.None));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.Contains("no longer there", error.Message, StringComparison.Ordinal);
    }
}
