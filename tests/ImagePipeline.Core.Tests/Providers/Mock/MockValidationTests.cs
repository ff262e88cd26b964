using ImagePipeline.Generation;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.Mock;

/// <summary>The mock model's capability rules, as the validator applies them.</summary>
public sealed class MockValidationTests
{
    const string Url = "https://images.example/photo.png";
    const string Data = "data:image/png;base64,iVBORw0KGgo=";

    static ValidationResult Validate(GenerationRequest request) =>
        GenerationRequestValidator.Validate(request with { Provider = ProviderNames.Mock }, ProviderNames.Mock);

    static void AssertOnlyField(ValidationResult result, string field)
    {
        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal(field, e.Field));
    }

    [Theory]
    [InlineData("16:9")]
    [InlineData("1:3")]
    [InlineData("4:5")]
    [InlineData("21:9")]
    [InlineData("4:3")]
    [InlineData("3:4")]
    public void Takes_the_Uni1_and_Photon_aspect_ratios(string aspectRatio) =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", AspectRatio = aspectRatio }).IsValid);

    [Fact]
    public void Refuses_an_unknown_aspect_ratio() =>
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", AspectRatio = "7:5" }), "aspectRatio");

    [Fact]
    public void Takes_everything_a_Uni1_request_can_carry()
    {
        Assert.True(Validate(new GenerationRequest
        {
            Prompt = "A cat", Model = "mock-uni-1", Image = Data, ReferenceImages = [Url, Data], Style = "manga", WebSearch = true,
            Seed = 5, OutputFormat = "png", NumberOfImages = 4,
        }).IsValid);
    }

    [Fact]
    public void Refuses_more_than_four_images_and_formats_other_than_png()
    {
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", NumberOfImages = 5 }), "numberOfImages");
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", OutputFormat = "jpeg" }), "outputFormat");
    }

    [Fact]
    public void Takes_nine_references_or_eight_with_a_source()
    {
        var nine = Enumerable.Repeat(Url, 9).ToList();

        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", ReferenceImages = nine }).IsValid);
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", ReferenceImages = [.. nine, Url] }), "referenceImages");
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Image = Url, ReferenceImages = nine }), "referenceImages");
    }

    [Fact]
    public void Refuses_a_reference_that_is_neither_url_nor_image_data() =>
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", ReferenceImages = [Url, "ftp://x/y.png"] }), "referenceImages[1]");

    [Fact]
    public void Refuses_an_unknown_model() =>
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = "uni-1" }), "model");
}
