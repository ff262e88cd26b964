using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImagePipeline.Drops;
using ImagePipeline.Generation;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Testing.Simulators.Runware;
using ImagePipeline.Testing.Simulators.Segmind;
using ImagePipeline.Testing.Webhooks;
using ImagePipeline.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace ImagePipeline.Standalone.Tests.Drops;

/// <summary>The standalone host's watched inbox folder (<c>&lt;data&gt;/inbox</c>) end to end.</summary>
public sealed class FolderInboxTests
{
    readonly byte[] _png = PngImageEncoder.CreateGradient(48, 32, seed: 21);

    static string Inbox(string dataDirectory) => Path.Combine(dataDirectory, "inbox");

    static string Write(string folder, string name, byte[] content)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    static string IdOf(string path) => EditDropKeys.FileGenerationId(Path.GetFileName(path), new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));

    static Task<string> FileAppearsAsync(string path) =>
        DropSettings.EventuallyAsync(() => Task.FromResult(File.Exists(path) ? path : null), path);

    static string SeedImageOf(RunwareSimulator runware) =>
        JsonNode.Parse(runware.LastSubmittedBody!)!.AsArray().Single(t => t!["taskType"]!.GetValue<string>() == "imageInference")!["inputs"]!["seedImage"]!.GetValue<string>();

    [Fact]
    public async Task A_file_already_in_the_inbox_at_start_up_is_edited_and_moved_to_processed_with_its_sidecar()
    {
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();
        var data = Directory.CreateTempSubdirectory("imagepipeline-host-").FullName;
        Write(Inbox(data), "photo.json", Encoding.UTF8.GetBytes("""{ "prompt": "make it autumn", "aspectRatio": "16:9" }"""));
        var image = Write(Inbox(data), "photo.png", _png);
        var id = IdOf(image);

        await using var host = await PipelineHost.StartAsync(DropSettings.Folder(SimulatorSettings.For(runware, TimeSpan.FromMilliseconds(200))), data);
        await FileAppearsAsync(Path.Combine(Inbox(data), "processed", id, "photo.png"));
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Single(done.Outputs);
        Assert.Equal("inbox/photo.png", done.Metadata[EditDropProcessor.SourceMetadataKey]);
        Assert.True(DataUri.TryParse(SeedImageOf(runware), out var seedImage));
        Assert.Equal(_png, seedImage.GetBytes());
        Assert.True(File.Exists(Path.Combine(Inbox(data), "processed", id, "photo.json")));
        Assert.False(File.Exists(image));
        Assert.Equal(1, runware.SubmitCount);
    }

    [Fact]
    public async Task A_file_dropped_while_the_host_runs_is_edited_once_it_is_fully_written()
    {
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();
        await using var host = await PipelineHost.StartAsync(DropSettings.Folder(SimulatorSettings.For(runware, TimeSpan.FromMilliseconds(200))));
        var inbox = Inbox(host.DataDirectory);
        Write(inbox, "garden.json", Encoding.UTF8.GetBytes("""{ "prompt": "add falling snow" }"""));

        // Written in two parts, as a slow copy would: only the finished file is taken.
        var path = Path.Combine(inbox, "garden.png");
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            await stream.WriteAsync(_png.AsMemory(0, 20));
            await stream.FlushAsync();
            await Task.Delay(300);
            await stream.WriteAsync(_png.AsMemory(20));
        }
        var id = IdOf(path);
        var done = await host.WaitForTerminalAsync((await DropSettings.EventuallyAsync(
            async () => await host.Services.GetRequiredService<IWorkflowClient>().GetAsync(id) is null ? null : id, "the generation to start")));

        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.True(DataUri.TryParse(SeedImageOf(runware), out var seedImage));
        Assert.Equal(_png, seedImage.GetBytes());
        Assert.Equal(1, runware.SubmitCount);
    }

    [Fact]
    public async Task Processing_the_same_file_twice_starts_one_generation()
    {
        await using var runware = new RunwareSimulator();
        await runware.StartAsync();
        var settings = DropSettings.Folder(SimulatorSettings.For(runware, TimeSpan.FromMilliseconds(200)));
        settings["Inbox:Enabled"] = "false"; // the test plays the watcher, firing twice for one file
        await using var host = await PipelineHost.StartAsync(settings);
        var source = host.Services.GetRequiredService<FolderEditDropSource>();
        var processor = host.Services.GetRequiredService<EditDropProcessor>();
        var client = host.Services.GetRequiredService<IWorkflowClient>();
        Write(source.Root, "photo.json", Encoding.UTF8.GetBytes("""{ "prompt": "make it autumn" }"""));
        var drop = source.Get(Write(source.Root, "photo.png", _png))!;

        var first = await processor.ProcessAsync(drop, client);
        var second = await processor.ProcessAsync(drop, client);
        var done = await host.WaitForTerminalAsync(first.GenerationId!);

        Assert.Equal(EditDropDisposition.Started, first.Disposition);
        Assert.Equal(EditDropDisposition.AlreadyHandled, second.Disposition);
        Assert.Equal(first.GenerationId, second.GenerationId);
        Assert.Equal(GenerationStatus.Completed, done.Status);
        Assert.Equal(1, runware.SubmitCount);
    }

    [Fact]
    public async Task A_url_only_provider_cannot_edit_an_inbox_file_and_says_why()
    {
        await using var segmind = new SegmindSimulator();
        await segmind.StartAsync();
        await using var host = await PipelineHost.StartAsync(DropSettings.Folder(SimulatorSettings.For(segmind, TimeSpan.FromMilliseconds(200))));
        var inbox = Inbox(host.DataDirectory);
        Write(inbox, "photo.json", Encoding.UTF8.GetBytes("""{ "prompt": "make it autumn" }"""));
        var id = IdOf(Write(inbox, "photo.png", _png));

        await FileAppearsAsync(Path.Combine(inbox, "processed", id, "photo.png"));
        var done = await host.WaitForTerminalAsync(id);

        Assert.Equal(GenerationStatus.Failed, done.Status);
        Assert.Equal("invalid_input", done.Error!.Code);
        Assert.Contains("inbox folder", done.Error.Message, StringComparison.Ordinal);
        Assert.Contains("URL", done.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, segmind.SubmitCount);
    }

    public static TheoryData<string, string, string> UnusableDrops => new()
    {
        { "not-an-image", "invalid_input", "is not an image" },
        { "no-prompt", "invalid_request", "has no prompt" },
        { "too-large", "invalid_input", "is too large" },
    };

    [Theory]
    [MemberData(nameof(UnusableDrops))]
    public async Task An_unusable_inbox_file_ends_failed_with_the_reason_notified_and_moves_to_failed_with_a_reason_file(string kind, string code, string reason)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = DropSettings.Folder(DropSettings.Mock());
        if (kind == "too-large") settings["EditDrops:MaxImageBytes"] = "1024";
        await using var host = await PipelineHost.StartAsync(settings);
        var inbox = Inbox(host.DataDirectory);
        var (name, content) = kind switch
        {
            "not-an-image" => ("notes.txt", Encoding.UTF8.GetBytes("these are my notes, not a picture")),
            "too-large" => ("huge.png", PngImageEncoder.CreateGradient(400, 300, seed: 5)),
            _ => ("photo.png", _png),
        };
        var sidecar = kind == "no-prompt"
            ? JsonSerializer.Serialize(new { callbackUrl = receiver.Url.ToString() })
            : JsonSerializer.Serialize(new { prompt = "make it snow", callbackUrl = receiver.Url.ToString() });
        Write(inbox, Path.GetFileNameWithoutExtension(name) + ".json", Encoding.UTF8.GetBytes(sidecar));
        var id = IdOf(Write(inbox, name, content));

        var reasonFile = await FileAppearsAsync(Path.Combine(inbox, "failed", id, name + ".reason.txt"));
        var done = await host.WaitForTerminalAsync(id);
        var delivery = await receiver.WaitForDeliveryAsync(1, TimeSpan.FromSeconds(10));

        Assert.Equal(GenerationStatus.Failed, done.Status);
        Assert.Equal(code, done.Error!.Code);
        Assert.Contains(reason, done.Error.Message, StringComparison.Ordinal);
        Assert.True(done.Notification?.Delivered);
        var notified = JsonDocument.Parse(delivery.BodyText).RootElement;
        Assert.Equal("Failed", notified.GetProperty("status").GetString());
        Assert.Equal(code, notified.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(inbox, "failed", id, name)));
        Assert.Contains(reason, await File.ReadAllTextAsync(reasonFile), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(inbox, name)));
    }
}
