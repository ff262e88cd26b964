using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImagePipeline.Drops;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Testing.Azurite;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Segmind;
using ImagePipeline.Testing.Webhooks;
using ImagePipeline.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Standalone.Tests.Drops;

/// <summary>Blob-drop edits end to end: the standalone host polling a drop container in a real Azurite, the edit going
/// to a provider simulator, the blob tagged with what happened.</summary>
public sealed class BlobDropTests : IAsyncLifetime
{
    readonly string _containerName = DropSettings.NewContainerName();
    readonly byte[] _png = PngImageEncoder.CreateGradient(48, 32, seed: 11);
    AzuriteServer _azurite = null!;
    BlobContainerClient _container = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.GetSharedAsync();
        _container = new BlobServiceClient(_azurite.ConnectionString).GetBlobContainerClient(_containerName);
        await _container.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => _container.DeleteIfExistsAsync();

    Task UploadAsync(string name, byte[] content, IDictionary<string, string>? metadata = null) =>
        _container.GetBlobClient(name).UploadAsync(new BinaryData(content), new BlobUploadOptions { Metadata = metadata });

    async Task<IDictionary<string, string>> TagsOnceMarkedAsync(string name) =>
        await DropSettings.EventuallyAsync(async () =>
        {
            var tags = (await _container.GetBlobClient(name).GetTagsAsync()).Value.Tags;
            return tags.ContainsKey(EditDropMarks.GenerationIdTag) ? tags : null;
        }, $"{name} to be tagged");

    [Fact]
    public async Task A_blob_dropped_with_a_prompt_in_metadata_is_edited_by_a_url_only_provider_through_a_read_only_sas()
    {
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        segmind.Behavior.JobDuration = TimeSpan.FromMilliseconds(300);
        await using var host = await PipelineHost.StartAsync(DropSettings.Blob(SimulatorSettings.For(segmind, TimeSpan.FromMilliseconds(200)), _azurite, _containerName));

        await UploadAsync("holiday/photo.png", _png, new Dictionary<string, string> { ["prompt"] = "make the sky a sunset", ["aspectRatio"] = "16:9" });
        var tags = await TagsOnceMarkedAsync("holiday/photo.png");
        var id = tags[EditDropMarks.GenerationIdTag];
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal("segmind", done.Provider);
        Assert.Single(done.Outputs);
        Assert.Equal(EditDropMarks.Started, tags[EditDropMarks.StatusTag]);
        Assert.Equal($"{_containerName}/holiday/photo.png", done.Metadata[EditDropProcessor.SourceMetadataKey]);
        var properties = (await _container.GetBlobClient("holiday/photo.png").GetPropertiesAsync()).Value;
        Assert.Equal(EditDropKeys.BlobGenerationId(_containerName, "holiday/photo.png", properties.ETag.ToString()), id);

        // What Segmind got: a SAS URL of exactly this blob that downloads it, and the prompt.
        Assert.Equal("make the sky a sunset", segmind.LastSubmitBody!["prompt"]!.GetValue<string>());
        var image = new Uri(segmind.LastSubmitBody["image"]!.GetValue<string>());
        Assert.Equal(_container.GetBlobClient("holiday/photo.png").Uri.AbsolutePath, image.AbsolutePath);
        Assert.Contains("sig=", image.Query, StringComparison.Ordinal);
        Assert.Contains("sp=r", image.Query, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(_png, await http.GetByteArrayAsync(image));
        Assert.Equal(1, segmind.SubmitCount);
    }

    [Fact]
    public async Task A_blob_with_a_json_sidecar_is_edited_by_a_data_taking_provider_with_its_bytes()
    {
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();
        await using var host = await PipelineHost.StartAsync(DropSettings.Blob(SimulatorSettings.For(runware, TimeSpan.FromMilliseconds(200)), _azurite, _containerName));

        await UploadAsync("photo.json", Encoding.UTF8.GetBytes("""{ "prompt": "turn it into a watercolour", "aspectRatio": "1:1" }"""));
        await UploadAsync("photo.png", _png);
        var id = (await TagsOnceMarkedAsync("photo.png"))[EditDropMarks.GenerationIdTag];
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal("runware", done.Provider);
        var task = JsonNode.Parse(runware.LastSubmittedBody!)!.AsArray().Single(t => t!["taskType"]!.GetValue<string>() == "imageInference")!;
        Assert.Equal("turn it into a watercolour", task["positivePrompt"]!.GetValue<string>());
        Assert.True(DataUri.TryParse(task["inputs"]!["seedImage"]!.GetValue<string>(), out var seedImage));
        Assert.Equal("image/png", seedImage.MediaType);
        Assert.Equal(_png, seedImage.GetBytes());
        Assert.Equal(1, runware.SubmitCount);
        // The sidecar never became a generation of its own.
        Assert.False((await _container.GetBlobClient("photo.json").GetTagsAsync()).Value.Tags.ContainsKey(EditDropMarks.StatusTag));
    }

    [Fact]
    public async Task A_redelivered_trigger_or_a_rescan_of_the_same_blob_version_starts_one_generation()
    {
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        await using var host = await PipelineHost.StartAsync(DropSettings.Blob(SimulatorSettings.For(segmind, TimeSpan.FromMilliseconds(200)), _azurite, _containerName));
        await UploadAsync("photo.png", _png, new Dictionary<string, string> { ["prompt"] = "add a rainbow" });
        var id = (await TagsOnceMarkedAsync("photo.png"))[EditDropMarks.GenerationIdTag];
        await host.WaitForTerminalAsync(id);

        // The Event Grid trigger delivered again: the same processing, on the same blob version.
        var processor = host.Services.GetRequiredService<EditDropProcessor>();
        var drops = host.Services.GetRequiredService<BlobEditDropSource>();
        var again = await processor.ProcessAsync((await drops.GetAsync("photo.png"))!, host.Services.GetRequiredService<IWorkflowClient>());
        // The poller sees it as new (its tags are gone) and processes it again.
        await _container.GetBlobClient("photo.png").SetTagsAsync(new Dictionary<string, string>());
        var retagged = await TagsOnceMarkedAsync("photo.png");

        Assert.Equal(EditDropDisposition.AlreadyHandled, again.Disposition);
        Assert.Equal(id, again.GenerationId);
        Assert.Equal(id, retagged[EditDropMarks.GenerationIdTag]);
        Assert.Equal(EditDropMarks.Started, retagged[EditDropMarks.StatusTag]);
        Assert.Equal(1, segmind.SubmitCount);
        Assert.Equal(GenerationStatus.Completed, (await host.GetStatusAsync(id)).Status);
    }

    public static TheoryData<string, string, string> UnusableDrops => new()
    {
        { "not-an-image", "invalid_input", "is not an image" },
        { "no-prompt", "invalid_request", "has no prompt" },
        { "too-large", "invalid_input", "is too large" },
    };

    [Theory]
    [MemberData(nameof(UnusableDrops))]
    public async Task An_unusable_blob_drop_ends_failed_with_the_reason_notified_and_the_blob_kept_and_tagged(string kind, string code, string reason)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = DropSettings.Blob(DropSettings.Mock(), _azurite, _containerName);
        if (kind == "too-large") settings["EditDrops:MaxImageBytes"] = "1024";
        await using var host = await PipelineHost.StartAsync(settings);
        var metadata = new Dictionary<string, string> { ["prompt"] = "make it snow", ["callbackUrl"] = receiver.Url.ToString() };
        var (name, content) = kind switch
        {
            "not-an-image" => ("notes.txt", Encoding.UTF8.GetBytes("these are my notes, not a picture")),
            "too-large" => ("huge.png", PngImageEncoder.CreateGradient(400, 300, seed: 5)),
            _ => ("photo.png", _png),
        };
        if (kind == "no-prompt") metadata.Remove("prompt");

        await UploadAsync(name, content, metadata);
        var tags = await TagsOnceMarkedAsync(name);
        var id = tags[EditDropMarks.GenerationIdTag];
        var done = await host.WaitForTerminalAsync(id);
        var delivery = await receiver.WaitForDeliveryAsync(1, TimeSpan.FromSeconds(10));

        Assert.Equal(GenerationStatus.Failed, done.Status);
        Assert.Equal(code, done.Error!.Code);
        Assert.Contains(reason, done.Error.Message, StringComparison.Ordinal);
        Assert.Contains(name, done.Error.Message, StringComparison.Ordinal);
        Assert.True(done.Notification?.Delivered);
        var notified = JsonDocument.Parse(delivery.BodyText).RootElement;
        Assert.Equal(id, notified.GetProperty("id").GetString());
        Assert.Equal("Failed", notified.GetProperty("status").GetString());
        Assert.Equal(code, notified.GetProperty("error").GetProperty("code").GetString());
        Assert.True((await _container.GetBlobClient(name).ExistsAsync()).Value);
        Assert.Equal(EditDropMarks.Failed, tags[EditDropMarks.StatusTag]);
        Assert.Contains(reason, tags[EditDropMarks.ReasonTag], StringComparison.Ordinal);
    }
}
