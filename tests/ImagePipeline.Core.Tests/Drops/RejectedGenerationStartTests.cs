using ImagePipeline.Generation;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Starting;
using ImagePipeline.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Tests.Drops;

/// <summary><see cref="GenerationStarter.StartRejectedAsync"/>: how an unusable drop becomes a generation that fails.</summary>
public sealed class RejectedGenerationStartTests
{
    static GenerationStarter Starter() => new(Options.Create(new PipelineOptions { DefaultProvider = "segmind" }),
        Options.Create(new PollingOptions()), TimeProvider.System, NullLogger<GenerationStarter>.Instance);

    static readonly ProviderError NotAnImage = new(ProviderErrorCodes.InvalidInput, "edit-requests/notes.txt is not an image.");

    [Fact]
    public async Task The_rejection_travels_in_the_workflow_input_under_the_key_derived_id_once()
    {
        var client = new InMemoryWorkflowClient();
        var request = new GenerationRequest { Image = "stored-input:blob-drop/notes.txt", CallbackUrl = "https://example.com/hook" };

        var first = await Starter().StartRejectedAsync(client, request, NotAnImage, "edit-requests/notes.txt\n0x1", "blob");
        var again = await Starter().StartRejectedAsync(client, request, NotAnImage, "edit-requests/notes.txt\n0x1", "blob");

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(GenerationIds.FromKey("blob", "edit-requests/notes.txt\n0x1"), first.GenerationId);
        var input = client.Input(first.GenerationId!);
        Assert.Equal(NotAnImage, input.Rejection);
        Assert.Equal("segmind", input.Provider);
        Assert.Equal("luma-uni-1-max", input.Model);
        Assert.Equal("https://example.com/hook", input.Request.CallbackUrl);
    }

    [Fact]
    public async Task A_callback_url_validation_would_refuse_is_never_called()
    {
        var client = new InMemoryWorkflowClient();
        var request = new GenerationRequest { Provider = "nonsense", CallbackUrl = "http://169.254.169.254/latest" };

        var outcome = await Starter().StartRejectedAsync(client, request, NotAnImage, "k", "blob");

        var input = client.Input(outcome.GenerationId!);
        Assert.Null(input.Request.CallbackUrl);
        Assert.Equal("nonsense", input.Provider);
        Assert.NotNull(input.Rejection);
    }
}
