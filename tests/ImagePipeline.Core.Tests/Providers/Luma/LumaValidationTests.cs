using ImagePipeline.Generation;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.Luma;

/// <summary>Every capability rule of Luma's four models, as the validator applies it before anything is sent.</summary>
public sealed class LumaValidationTests
{
    const string Url = "https://images.example/photo.png";
    static readonly string Data = LumaTestContext.PngDataUri();

    static ValidationResult Validate(GenerationRequest request) =>
        GenerationRequestValidator.Validate(request with { Provider = ProviderNames.Luma }, ProviderNames.Luma);

    static void AssertOnlyField(ValidationResult result, string field)
    {
        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal(field, e.Field));
    }

    [Fact]
    public void Default_model_is_uni_1()
    {
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat" }).IsValid);
        Assert.Equal("uni-1", ProviderCapabilityTable.Luma.DefaultModel);
    }

    [Theory]
    [InlineData("uni-1", "16:9")]
    [InlineData("uni-1", "1:3")]
    [InlineData("uni-1-max", "3:1")]
    [InlineData("uni-1-max", "9:16")]
    [InlineData("photon-1", "4:3")]
    [InlineData("photon-1", "21:9")]
    [InlineData("photon-flash-1", "9:21")]
    [InlineData("photon-flash-1", "3:4")]
    public void Supported_aspect_ratio_is_accepted(string model, string aspectRatio) =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", Model = model, AspectRatio = aspectRatio }).IsValid);

    [Theory]
    [InlineData("uni-1", "4:3")]
    [InlineData("uni-1-max", "21:9")]
    [InlineData("photon-1", "3:2")]
    [InlineData("photon-flash-1", "1:3")]
    [InlineData("photon-1", "square")]
    public void Unsupported_aspect_ratio_is_refused(string model, string aspectRatio) =>
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, AspectRatio = aspectRatio }), "aspectRatio");

    [Theory]
    [InlineData("uni-1")]
    [InlineData("uni-1-max")]
    public void Uni1_takes_nine_references_as_urls_or_data(string model)
    {
        var references = Enumerable.Range(0, 9).Select(i => i % 2 == 0 ? Url : Data).ToList();

        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", Model = model, ReferenceImages = references }).IsValid);
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, ReferenceImages = [.. references, Url] }), "referenceImages");
    }

    [Theory]
    [InlineData("uni-1")]
    [InlineData("uni-1-max")]
    public void Uni1_edit_takes_eight_references_because_the_source_uses_a_slot(string model)
    {
        var eight = Enumerable.Repeat(Url, 8).ToList();

        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", Model = model, Image = Data, ReferenceImages = eight }).IsValid);
        var result = Validate(new GenerationRequest { Prompt = "A cat", Model = model, Image = Url, ReferenceImages = [.. eight, Url] });
        AssertOnlyField(result, "referenceImages");
        Assert.Contains("at most 8", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uni-1")]
    [InlineData("uni-1-max")]
    public void Uni1_takes_style_web_search_and_png_or_jpeg_even_when_editing(string model)
    {
        Assert.True(Validate(new GenerationRequest
        {
            Prompt = "A cat", Model = model, Image = Url, Style = "manga", WebSearch = true, OutputFormat = "jpeg",
        }).IsValid);
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, OutputFormat = "webp" }), "outputFormat");
    }

    [Theory]
    [InlineData("photon-1")]
    [InlineData("photon-flash-1")]
    public void Photon_takes_four_url_references(string model)
    {
        var four = Enumerable.Range(0, 4).Select(i => $"https://images.example/{i}.png").ToList();

        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", Model = model, Image = Url, ReferenceImages = four }).IsValid);
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, ReferenceImages = [.. four, Url] }), "referenceImages");
    }

    [Theory]
    [InlineData("photon-1")]
    [InlineData("photon-flash-1")]
    public void Photon_refuses_a_data_uri_reference_naming_its_index(string model)
    {
        var result = Validate(new GenerationRequest { Prompt = "A cat", Model = model, ReferenceImages = [Url, Data] });

        AssertOnlyField(result, "referenceImages[1]");
        Assert.Contains("URL", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("photon-1")]
    [InlineData("photon-flash-1")]
    public void Photon_refuses_a_data_uri_source(string model) =>
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, Image = Data }), "image");

    [Theory]
    [InlineData("photon-1")]
    [InlineData("photon-flash-1")]
    public void Photon_refuses_style_and_web_search(string model)
    {
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, Style = "auto" }), "style");
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, WebSearch = true }), "webSearch");
    }

    [Theory]
    [InlineData("photon-1", "png")]
    [InlineData("photon-flash-1", "jpeg")]
    public void Photon_takes_png_or_jpeg(string model, string format) =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", Model = model, OutputFormat = format }).IsValid);

    [Theory]
    [InlineData("uni-1")]
    [InlineData("uni-1-max")]
    [InlineData("photon-1")]
    [InlineData("photon-flash-1")]
    public void Every_Luma_model_refuses_a_seed_and_more_than_one_image(string model)
    {
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, Seed = 42 }), "seed");
        AssertOnlyField(Validate(new GenerationRequest { Prompt = "A cat", Model = model, NumberOfImages = 2 }), "numberOfImages");
    }

    [Fact]
    public void Unknown_model_is_refused_listing_the_four_models()
    {
        var result = Validate(new GenerationRequest { Prompt = "A cat", Model = "ray-2" });

        AssertOnlyField(result, "model");
        Assert.Contains("uni-1, uni-1-max, photon-1, photon-flash-1", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_over_six_thousand_characters_is_refused() =>
        AssertOnlyField(Validate(new GenerationRequest { Prompt = new string('a', 6001) }), "prompt");
}
