using ImagePipeline.Generation;
using ImagePipeline.Validation;

namespace ImagePipeline.Tests.Providers.Scenario;

/// <summary>Scenario's rules (from its Uni-1 Max reference) are enforced before anything is uploaded or submitted.</summary>
public sealed class ScenarioValidationTests
{
    static ValidationResult Validate(GenerationRequest request) => GenerationRequestValidator.Validate(request, ProviderNames.Scenario);

    static string[] References(int count) => [.. Enumerable.Range(0, count).Select(i => $"https://images.example.com/ref-{i}.png")];

    static void AssertRefused(ValidationResult result, string field)
    {
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Theory]
    [InlineData("16:9")]
    [InlineData("1:1")]
    [InlineData("1:2")]
    [InlineData("1:3")]
    [InlineData("2:1")]
    [InlineData("2:3")]
    [InlineData("3:1")]
    [InlineData("3:2")]
    [InlineData("9:16")]
    public void Every_uni1_aspect_ratio_is_accepted(string aspectRatio) =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", AspectRatio = aspectRatio }).IsValid);

    [Fact]
    public void Aspect_ratio_scenario_does_not_list_is_refused() =>
        AssertRefused(Validate(new GenerationRequest { Prompt = "A cat", AspectRatio = "4:5" }), "aspectRatio");

    [Fact]
    public void Ten_references_are_refused()
    {
        var result = Validate(new GenerationRequest { Prompt = "A cat", ReferenceImages = References(10) });

        AssertRefused(result, "referenceImages");
        Assert.Contains(result.Errors, e => e.Field == "referenceImages" && e.Message.Contains("at most 9", StringComparison.Ordinal));
    }

    [Fact]
    public void Nine_references_without_a_source_are_accepted() =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", ReferenceImages = References(9) }).IsValid);

    [Fact]
    public void Nine_references_with_a_source_are_refused_because_the_source_takes_a_slot()
    {
        var result = Validate(new GenerationRequest
        {
            Prompt = "Make it blue", Image = "https://images.example.com/source.png", ReferenceImages = References(9),
        });

        AssertRefused(result, "referenceImages");
        Assert.Contains(result.Errors, e => e.Field == "referenceImages" && e.Message.Contains("at most 8", StringComparison.Ordinal));
    }

    [Fact]
    public void Eight_references_with_a_data_uri_source_are_accepted() =>
        Assert.True(Validate(new GenerationRequest
        {
            Prompt = "Make it blue", Image = ScenarioTestHarness.PngDataUri(1), ReferenceImages = References(8),
        }).IsValid);

    [Fact]
    public void Style_is_refused_because_scenario_takes_none() =>
        AssertRefused(Validate(new GenerationRequest { Prompt = "A cat", Style = "manga" }), "style");

    [Fact]
    public void Seed_is_refused_because_scenario_takes_none() =>
        AssertRefused(Validate(new GenerationRequest { Prompt = "A cat", Seed = 7 }), "seed");

    [Fact]
    public void Webp_output_is_refused_but_png_and_jpeg_are_accepted()
    {
        AssertRefused(Validate(new GenerationRequest { Prompt = "A cat", OutputFormat = "webp" }), "outputFormat");
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", OutputFormat = "png" }).IsValid);
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", OutputFormat = "jpeg" }).IsValid);
    }

    [Fact]
    public void Web_search_is_accepted_with_and_without_a_source()
    {
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", WebSearch = true }).IsValid);
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", WebSearch = true, Image = "https://images.example.com/s.png" }).IsValid);
    }

    [Fact]
    public void More_than_one_image_per_request_is_refused() =>
        AssertRefused(Validate(new GenerationRequest { Prompt = "A cat", NumberOfImages = 2 }), "numberOfImages");

    [Theory]
    [InlineData("model_luma-uni-1-max")]
    [InlineData("model_luma-photon")]
    [InlineData("model_luma-photon-flash")]
    public void Scenarios_luma_models_are_accepted(string model) =>
        Assert.True(Validate(new GenerationRequest { Prompt = "A cat", Model = model }).IsValid);

    [Fact]
    public void Unknown_model_is_refused() =>
        AssertRefused(Validate(new GenerationRequest { Prompt = "A cat", Model = "model_flux" }), "model");
}
