using System.Text;
using ImagePipeline.Drops;
using ImagePipeline.Generation;
using ImagePipeline.Providers;
using ImagePipeline.Providers.Mock;
using ImagePipeline.Validation;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Drops;

/// <summary>Inbox-folder drops and their resolver on a real temp folder.</summary>
public sealed class FolderEditDropTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("imagepipeline-inbox-").FullName;
    readonly byte[] _png = PngImageEncoder.CreateGradient(40, 30, seed: 3);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Drop(string name, byte[] content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task A_started_drop_moves_with_its_sidecar_to_processed_and_its_reference_still_resolves()
    {
        var path = Drop("photo.png", _png);
        Drop("photo.json", Encoding.UTF8.GetBytes("""{ "prompt": "make it autumn", "provider": "runware" }"""));
        var source = new FolderEditDropSource(_root);
        var options = DropTestSupport.TestOptions();
        var client = new InMemoryWorkflowClient();
        var drop = source.Get(path)!;
        var expectedId = EditDropKeys.FileGenerationId("photo.png", _png.Length, File.GetLastWriteTimeUtc(path));

        var outcome = await DropTestSupport.Processor(options).ProcessAsync(drop, client);

        Assert.Equal(EditDropDisposition.Started, outcome.Disposition);
        Assert.Equal(expectedId, outcome.GenerationId);
        var input = client.Input(expectedId);
        Assert.Equal("make it autumn", input.Request.Prompt);
        Assert.Equal($"stored-input:inbox/processed/{expectedId}/photo.png", input.Request.Image);
        Assert.False(File.Exists(path));
        Assert.Equal(_png, File.ReadAllBytes(Path.Combine(_root, "processed", expectedId, "photo.png")));
        Assert.True(File.Exists(Path.Combine(_root, "processed", expectedId, "photo.json")));
        Assert.Empty(source.ListWaiting());

        var resolver = new FolderInputImageResolver(source, Options.Create(options));
        var resolved = await resolver.ResolveAsync(input.Request.Image!, ImageInputForms.Any, CancellationToken.None);
        Assert.True(DataUri.TryParse(resolved, out var dataUri));
        Assert.Equal(_png, dataUri.GetBytes());
    }

    [Fact]
    public async Task The_reference_resolves_from_the_inbox_in_the_moment_before_the_file_is_moved()
    {
        Drop("photo.png", _png);
        var resolver = new FolderInputImageResolver(new FolderEditDropSource(_root), Options.Create(DropTestSupport.TestOptions()));

        var resolved = await resolver.ResolveAsync("stored-input:inbox/processed/gen_0123/photo.png", ImageInputForms.Data, CancellationToken.None);

        Assert.True(DataUri.TryParse(resolved, out var dataUri));
        Assert.Equal("image/png", dataUri.MediaType);
    }

    [Fact]
    public async Task A_url_only_provider_gets_a_clear_invalid_input_error()
    {
        Drop("photo.png", _png);
        var resolver = new FolderInputImageResolver(new FolderEditDropSource(_root), Options.Create(DropTestSupport.TestOptions()));

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            resolver.ResolveAsync("stored-input:inbox/processed/gen_0123/photo.png", ImageInputForms.Url, CancellationToken.None));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        Assert.Contains("inbox folder", error.Message, StringComparison.Ordinal);
        Assert.Contains("URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_leaving_the_inbox_is_refused()
    {
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(_root)!, Path.GetFileName(_root) + "-secret.png"), _png);
        var resolver = new FolderInputImageResolver(new FolderEditDropSource(_root), Options.Create(DropTestSupport.TestOptions()));

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            resolver.ResolveAsync($"stored-input:inbox/../{Path.GetFileName(_root)}-secret.png", ImageInputForms.Data, CancellationToken.None));

        Assert.Equal(ProviderErrorCodes.InvalidInput, error.ErrorCode);
        File.Delete(Path.Combine(Path.GetDirectoryName(_root)!, Path.GetFileName(_root) + "-secret.png"));
    }

    [Fact]
    public async Task A_too_large_drop_moves_to_failed_with_a_reason_file()
    {
        var path = Drop("big.png", _png);
        var source = new FolderEditDropSource(_root);
        var client = new InMemoryWorkflowClient();

        var outcome = await DropTestSupport.Processor(DropTestSupport.TestOptions(maxImageBytes: 100)).ProcessAsync(source.Get(path)!, client);

        Assert.Equal(EditDropDisposition.Rejected, outcome.Disposition);
        Assert.Equal(ProviderErrorCodes.InvalidInput, client.Input(outcome.GenerationId!).Rejection!.Code);
        var failed = Path.Combine(_root, "failed", outcome.GenerationId!);
        Assert.True(File.Exists(Path.Combine(failed, "big.png")));
        var reason = File.ReadAllText(Path.Combine(failed, "big.png.reason.txt"));
        Assert.Contains("too large", reason, StringComparison.Ordinal);
        Assert.Contains(outcome.GenerationId!, reason, StringComparison.Ordinal);
    }
}
