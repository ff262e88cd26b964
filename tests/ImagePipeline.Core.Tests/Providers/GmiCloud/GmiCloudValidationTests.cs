using ImagePipeline.Generation;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.GmiCloud;

/// <summary>GMI Cloud's capability rules (providers.md): luma-uni-1.1 takes a prompt, an aspect ratio and a source image
/// URL (no upload API); no references, style, seed, web search, output format choice or several images.</summary>
public sealed class GmiCloudValidationTests
{
    const string ImageUrl = "https://example.com/source.jpg";

    public static TheoryData<GenerationRequest> ValidRequests() => new()
    {
        new GenerationRequest { Prompt = "iced coffee on marble", Model = "luma-uni-1.1", AspectRatio = "16:9" },
        new GenerationRequest { Prompt = "swap the background", Image = ImageUrl, AspectRatio = "1:3" },
        new GenerationRequest { Prompt = "default model, no options" },
    };

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public void RequestsGmiCloudAccepts_AreValid(GenerationRequest request)
    {
        var result = GenerationRequestValidator.Validate(request, ProviderNames.GmiCloud);

        Assert.True(result.IsValid, result.ToString());
    }

    public static TheoryData<GenerationRequest, string> InvalidRequests() => new()
    {
        { new GenerationRequest { Prompt = "a cat", AspectRatio = "4:5" }, "aspectRatio" },
        { new GenerationRequest { Prompt = "edit", Image = "data:image/png;base64,iVBORw0KGgo=" }, "image" },
        { new GenerationRequest { Prompt = "edit", Image = "ftp://example.com/source.jpg" }, "image" },
        { new GenerationRequest { Prompt = "a cat", ReferenceImages = [ImageUrl] }, "referenceImages" },
        { new GenerationRequest { Prompt = "a cat", Style = "auto" }, "style" },
        { new GenerationRequest { Prompt = "a cat", WebSearch = true }, "webSearch" },
        { new GenerationRequest { Prompt = "a cat", Seed = 7 }, "seed" },
        { new GenerationRequest { Prompt = "a cat", OutputFormat = "jpeg" }, "outputFormat" },
        { new GenerationRequest { Prompt = "a cat", NumberOfImages = 3 }, "numberOfImages" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-uni-1-max" }, "model" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void RequestsGmiCloudCannotTake_AreRefusedNamingTheField(GenerationRequest request, string field)
    {
        var result = GenerationRequestValidator.Validate(request, ProviderNames.GmiCloud);

        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
    }
}
