using ImagePipeline.Generation;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.Segmind;

/// <summary>Segmind's capability rules (providers.md): Uni-1 takes an image URL, a style and nine aspect ratios;
/// Photon txt-2-img takes only a prompt and its own aspect ratios; nothing takes references, a seed, web search,
/// an output format or more than one image.</summary>
public sealed class SegmindValidationTests
{
    const string ImageUrl = "https://example.com/source.jpg";

    public static TheoryData<GenerationRequest> ValidRequests() => new()
    {
        new GenerationRequest { Prompt = "a cat", Model = "luma-uni-1-max", AspectRatio = "3:1", Style = "auto" },
        new GenerationRequest { Prompt = "make it night", Model = "luma-uni-1", Image = ImageUrl, AspectRatio = "9:16", Style = "manga" },
        new GenerationRequest { Prompt = "default model, no options" },
        new GenerationRequest { Prompt = "a train", Model = "luma-photon-txt-2-img", AspectRatio = "21:9" },
        new GenerationRequest { Prompt = "a train", Model = "luma-photon-txt-2-img", AspectRatio = "4:5" },
    };

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public void RequestsSegmindAccepts_AreValid(GenerationRequest request)
    {
        var result = GenerationRequestValidator.Validate(request, ProviderNames.Segmind);

        Assert.True(result.IsValid, result.ToString());
    }

    public static TheoryData<GenerationRequest, string> InvalidRequests() => new()
    {
        { new GenerationRequest { Prompt = "a cat", Model = "luma-uni-1-max", AspectRatio = "4:5" }, "aspectRatio" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-photon-txt-2-img", AspectRatio = "3:1" }, "aspectRatio" },
        { new GenerationRequest { Prompt = "edit", Model = "luma-uni-1-max", Image = "data:image/png;base64,iVBORw0KGgo=" }, "image" },
        { new GenerationRequest { Prompt = "edit", Model = "luma-photon-txt-2-img", Image = ImageUrl }, "image" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-uni-1-max", ReferenceImages = [ImageUrl] }, "referenceImages" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-photon-txt-2-img", Style = "manga" }, "style" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-uni-1-max", WebSearch = true }, "webSearch" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-uni-1-max", Seed = 42 }, "seed" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-uni-1-max", OutputFormat = "png" }, "outputFormat" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-uni-1-max", NumberOfImages = 2 }, "numberOfImages" },
        { new GenerationRequest { Prompt = "a cat", Model = "luma-uni-2" }, "model" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void RequestsSegmindCannotTake_AreRefusedNamingTheField(GenerationRequest request, string field)
    {
        var result = GenerationRequestValidator.Validate(request, ProviderNames.Segmind);

        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
    }
}
