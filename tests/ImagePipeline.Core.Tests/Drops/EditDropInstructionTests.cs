using System.Text;
using System.Text.Json;
using ImagePipeline.Drops;

namespace ImagePipeline.Tests.Drops;

/// <summary>Reading a drop's instruction from blob metadata or a JSON sidecar.</summary>
public sealed class EditDropInstructionTests
{
    [Fact]
    public void Metadata_fields_are_read_whatever_their_case_and_trimmed()
    {
        var instruction = EditDropInstruction.FromMetadata(new Dictionary<string, string>
        {
            ["prompt"] = "  make the sky a sunset ",
            ["Provider"] = "segmind",
            ["aspectratio"] = "16:9",
            ["STYLE"] = "manga",
            ["callbackUrl"] = "https://example.com/hook",
            ["model"] = "luma-uni-1",
            ["outputFormat"] = "png",
            ["unrelated"] = "kept out",
        });

        Assert.Equal(new EditDropInstruction
        {
            Prompt = "make the sky a sunset",
            Provider = "segmind",
            AspectRatio = "16:9",
            Style = "manga",
            CallbackUrl = "https://example.com/hook",
            Model = "luma-uni-1",
            OutputFormat = "png",
        }, instruction);
    }

    [Fact]
    public void Metadata_without_any_instruction_field_is_no_instruction()
    {
        Assert.Null(EditDropInstruction.FromMetadata(new Dictionary<string, string> { ["owner"] = "ana", ["prompt"] = "  " }));
        Assert.Null(EditDropInstruction.FromMetadata(new Dictionary<string, string>()));
    }

    [Fact]
    public void Metadata_with_a_callback_but_no_prompt_keeps_the_callback_so_the_failure_can_be_reported()
    {
        var instruction = EditDropInstruction.FromMetadata(new Dictionary<string, string> { ["callbackUrl"] = "https://example.com/hook" });

        Assert.NotNull(instruction);
        Assert.False(instruction.HasPrompt);
        Assert.Equal("https://example.com/hook", instruction.CallbackUrl);
    }

    [Fact]
    public void A_sidecar_holds_the_same_fields_in_camel_case()
    {
        var json = """
            {
              // people write these by hand
              "prompt": "turn it into a watercolour",
              "provider": "runware",
              "aspectRatio": "1:1",
              "callbackUrl": "https://example.com/hook",
              "somethingElse": 42,
            }
            """;

        var instruction = EditDropInstruction.FromSidecar(Encoding.UTF8.GetBytes(json));

        Assert.Equal("turn it into a watercolour", instruction.Prompt);
        Assert.Equal("runware", instruction.Provider);
        Assert.Equal("1:1", instruction.AspectRatio);
        Assert.Equal("https://example.com/hook", instruction.CallbackUrl);
        Assert.Null(instruction.Style);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[\"prompt\"]")]
    [InlineData("{\"prompt\": 12}")]
    public void A_sidecar_that_is_not_a_json_instruction_is_refused(string json)
    {
        Assert.ThrowsAny<JsonException>(() => EditDropInstruction.FromSidecar(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void The_request_carries_the_image_reference_never_bytes()
    {
        var request = new EditDropInstruction { Prompt = "a sunset", Provider = "luma", AspectRatio = "16:9" }
            .ToRequest("stored-input:blob-drop/photo.jpg", new Dictionary<string, string> { ["editDrop"] = "edit-requests/photo.jpg" });

        Assert.Equal("a sunset", request.Prompt);
        Assert.Equal("luma", request.Provider);
        Assert.Equal("16:9", request.AspectRatio);
        Assert.Equal("stored-input:blob-drop/photo.jpg", request.Image);
        Assert.Equal("edit-requests/photo.jpg", request.Metadata!["editDrop"]);
    }
}
