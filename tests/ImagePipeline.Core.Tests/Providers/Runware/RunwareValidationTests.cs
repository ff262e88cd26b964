using ImagePipeline.Generation;
using ImagePipeline.Providers.Runware;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.Runware;

/// <summary>Runware's rules for luma:uni@1 are enforced before anything is sent.</summary>
public sealed class RunwareValidationTests
{
    const string SeedImage = "https://images.example.com/source.png";

    static ValidationResult Validate(GenerationRequest request) => GenerationRequestValidator.Validate(request, ProviderNames.Runware);

    static string[] References(int count) => [.. Enumerable.Range(0, count).Select(i => $"https://images.example.com/ref-{i}.png")];

    static void AssertRefused(ValidationResult result, string field)
    {
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public void Style_with_a_seed_image_is_refused_naming_style()
    {
        var result = Validate(new GenerationRequest { Prompt = "Make it blue", Image = SeedImage, Style = "manga" });

        AssertRefused(result, "style");
        Assert.Contains(result.Errors, e => e.Field == "style" && e.Message.Contains("source image", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_search_with_a_seed_image_is_refused_naming_webSearch()
    {
        var result = Validate(new GenerationRequest { Prompt = "Make it blue", Image = SeedImage, WebSearch = true });

        AssertRefused(result, "webSearch");
        Assert.Contains(result.Errors, e => e.Field == "webSearch" && e.Message.Contains("source image", StringComparison.Ordinal));
    }

    [Fact]
    public void Style_and_web_search_without_a_seed_image_are_accepted() =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A fox", Style = "auto", WebSearch = true }).IsValid);

    [Fact]
    public void Nine_references_with_a_seed_image_are_refused()
    {
        var result = Validate(new GenerationRequest { Prompt = "Make it blue", Image = SeedImage, ReferenceImages = References(9) });

        AssertRefused(result, "referenceImages");
        Assert.Contains(result.Errors, e => e.Field == "referenceImages" && e.Message.Contains("at most 8", StringComparison.Ordinal));
    }

    [Fact]
    public void Eight_references_with_a_seed_image_are_accepted() =>
        Assert.True(Validate(new GenerationRequest { Prompt = "Make it blue", Image = SeedImage, ReferenceImages = References(8) }).IsValid);

    [Fact]
    public void Nine_references_without_a_seed_image_are_accepted_and_ten_are_refused()
    {
        Assert.True(Validate(new GenerationRequest { Prompt = "A fox", ReferenceImages = References(9) }).IsValid);
        AssertRefused(Validate(new GenerationRequest { Prompt = "A fox", ReferenceImages = References(10) }), "referenceImages");
    }

    [Fact]
    public void Data_uri_inputs_are_accepted_because_runware_takes_them_inline() =>
        Assert.True(Validate(new GenerationRequest
        {
            Prompt = "Make it blue", Image = RunwareTestHarness.PngDataUri(1), ReferenceImages = [RunwareTestHarness.PngDataUri(2)],
        }).IsValid);

    [Fact]
    public void Every_aspect_ratio_runware_has_a_size_for_is_accepted_and_others_are_refused()
    {
        foreach (var aspectRatio in RunwareImageSizes.ByAspectRatio.Keys)
            Assert.True(Validate(new GenerationRequest { Prompt = "A fox", AspectRatio = aspectRatio }).IsValid, aspectRatio);
        AssertRefused(Validate(new GenerationRequest { Prompt = "A fox", AspectRatio = "4:5" }), "aspectRatio");
    }

    [Fact]
    public void Aspect_ratios_the_validator_accepts_all_have_a_runware_size()
    {
        var model = ProviderCapabilityTable.Runware.FindModel(null)!;

        Assert.All(model.AspectRatios, ratio => Assert.True(RunwareImageSizes.TryGet(ratio, out _), ratio));
    }

    [Fact]
    public void Seed_webp_and_four_images_are_accepted()
    {
        Assert.True(Validate(new GenerationRequest { Prompt = "A fox", Seed = 42, OutputFormat = "webp", NumberOfImages = 4 }).IsValid);
        AssertRefused(Validate(new GenerationRequest { Prompt = "A fox", NumberOfImages = 5 }), "numberOfImages");
    }

    [Theory]
    [InlineData("luma:uni@1")]
    [InlineData("luma:uni@1-max")]
    public void Runwares_luma_models_are_accepted(string model) =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A fox", Model = model }).IsValid);

    [Fact]
    public void Unknown_model_is_refused() =>
        AssertRefused(Validate(new GenerationRequest { Prompt = "A fox", Model = "runware:101@1" }), "model");
}
