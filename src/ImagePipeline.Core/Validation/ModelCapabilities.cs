namespace ImagePipeline.Validation;

/// <summary>What one provider model accepts. Every rule here is checked before anything is sent.</summary>
public sealed record ModelCapabilities
{
    public required string Model { get; init; }
    public required IReadOnlyList<string> AspectRatios { get; init; }
    public ImageInputForms SourceImage { get; init; } = ImageInputForms.None;
    public ImageInputForms ReferenceImages { get; init; } = ImageInputForms.None;
    public int MaxReferenceImages { get; init; }
    /// <summary>The source image takes one reference slot on Uni-1 (9 → 8).</summary>
    public int MaxReferenceImagesWithSource { get; init; }
    public IReadOnlyList<string> Styles { get; init; } = [];
    public bool StyleAllowedWithSource { get; init; } = true;
    public bool WebSearch { get; init; }
    public bool WebSearchAllowedWithSource { get; init; } = true;
    public bool Seed { get; init; }
    /// <summary>Output formats the caller may choose; empty means the provider decides and the field is refused.</summary>
    public IReadOnlyList<string> OutputFormats { get; init; } = [];
    public int MaxNumberOfImages { get; init; } = 1;
}
