using ImagePipeline.Generation;

namespace ImagePipeline.Validation;

/// <summary>What every provider accepts, from ../shared/spec/providers.md. Clients expose their own entry as
/// <see cref="Providers.IImageProvider.Capabilities"/>; validation needs only this table, so it can run before
/// any client is built.</summary>
public static class ProviderCapabilityTable
{
    /// <summary>Uni-1 (and Uni-1 Max) aspect ratios, as Segmind, Scenario, Luma and Runware list them.</summary>
    public static IReadOnlyList<string> Uni1AspectRatios { get; } = ["16:9", "1:1", "1:2", "1:3", "2:1", "2:3", "3:1", "3:2", "9:16"];
    public static IReadOnlyList<string> SegmindPhotonAspectRatios { get; } = ["1:1", "16:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21", "21:9"];
    public static IReadOnlyList<string> DreamMachineAspectRatios { get; } = ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"];
    static readonly string[] UniStyles = ["auto", "manga"];

    public static ProviderCapabilities Segmind { get; } = new(ProviderNames.Segmind, "luma-uni-1-max",
    [
        SegmindUni("luma-uni-1-max"),
        SegmindUni("luma-uni-1"),
        new ModelCapabilities { Model = "luma-photon-txt-2-img", AspectRatios = SegmindPhotonAspectRatios },
    ]);

    public static ProviderCapabilities Scenario { get; } = new(ProviderNames.Scenario, "model_luma-uni-1-max",
    [
        ScenarioModel("model_luma-uni-1-max"),
        ScenarioModel("model_luma-photon"),
        ScenarioModel("model_luma-photon-flash"),
    ]);

    public static ProviderCapabilities Runware { get; } = new(ProviderNames.Runware, "luma:uni@1",
    [
        RunwareModel("luma:uni@1"),
        RunwareModel("luma:uni@1-max"),
    ]);

    public static ProviderCapabilities GmiCloud { get; } = new(ProviderNames.GmiCloud, "luma-uni-1.1",
    [
        new ModelCapabilities { Model = "luma-uni-1.1", AspectRatios = Uni1AspectRatios, SourceImage = ImageInputForms.Url },
    ]);

    public static ProviderCapabilities Luma { get; } = new(ProviderNames.Luma, "uni-1",
    [
        LumaAgentsModel("uni-1"),
        LumaAgentsModel("uni-1-max"),
        DreamMachineModel("photon-1"),
        DreamMachineModel("photon-flash-1"),
    ]);

    public static ProviderCapabilities Mock { get; } = new(ProviderNames.Mock, "mock-uni-1",
    [
        new ModelCapabilities
        {
            Model = "mock-uni-1", AspectRatios = [.. Uni1AspectRatios, "4:5", "5:4", "9:21", "21:9", "4:3", "3:4"],
            SourceImage = ImageInputForms.Any, ReferenceImages = ImageInputForms.Any,
            MaxReferenceImages = 9, MaxReferenceImagesWithSource = 8, Styles = UniStyles, WebSearch = true, Seed = true,
            OutputFormats = ["png"], MaxNumberOfImages = 4,
        },
    ]);

    public static IReadOnlyList<ProviderCapabilities> All { get; } = [Segmind, Scenario, Runware, GmiCloud, Luma, Mock];

    public static ProviderCapabilities? Find(string? provider) =>
        All.FirstOrDefault(p => string.Equals(p.Provider, provider, StringComparison.OrdinalIgnoreCase));

    static ModelCapabilities SegmindUni(string model) => new()
    {
        Model = model, AspectRatios = Uni1AspectRatios, SourceImage = ImageInputForms.Url, Styles = UniStyles,
    };

    static ModelCapabilities ScenarioModel(string model) => new()
    {
        Model = model, AspectRatios = Uni1AspectRatios, SourceImage = ImageInputForms.Any, ReferenceImages = ImageInputForms.Any,
        MaxReferenceImages = 9, MaxReferenceImagesWithSource = 8, WebSearch = true, OutputFormats = ["png", "jpeg"],
        MaxImageBytes = ScenarioMaxAssetBytes,
    };

    /// <summary>Scenario's <c>POST /assets</c> takes images under 6 MB.</summary>
    public const long ScenarioMaxAssetBytes = 6_000_000;

    /// <summary>Luma answers 413 for media over 50 MB.</summary>
    public const long LumaMaxMediaBytes = 50_000_000;

    static ModelCapabilities RunwareModel(string model) => new()
    {
        Model = model, AspectRatios = Uni1AspectRatios, SourceImage = ImageInputForms.Any, ReferenceImages = ImageInputForms.Any,
        MaxReferenceImages = 9, MaxReferenceImagesWithSource = 8, Styles = UniStyles, StyleAllowedWithSource = false,
        WebSearch = true, WebSearchAllowedWithSource = false, Seed = true, OutputFormats = ["png", "jpeg", "webp"], MaxNumberOfImages = 4,
        MinPromptLength = 2, // positivePrompt: 2–6000 characters
    };

    static ModelCapabilities LumaAgentsModel(string model) => new()
    {
        Model = model, AspectRatios = Uni1AspectRatios, SourceImage = ImageInputForms.Any, ReferenceImages = ImageInputForms.Any,
        MaxReferenceImages = 9, MaxReferenceImagesWithSource = 8, Styles = UniStyles, WebSearch = true, OutputFormats = ["png", "jpeg"],
        MaxImageBytes = LumaMaxMediaBytes,
    };

    static ModelCapabilities DreamMachineModel(string model) => new()
    {
        Model = model, AspectRatios = DreamMachineAspectRatios, SourceImage = ImageInputForms.Url, ReferenceImages = ImageInputForms.Url,
        MaxReferenceImages = 4, MaxReferenceImagesWithSource = 4, OutputFormats = ["png", "jpeg"],
    };
}
