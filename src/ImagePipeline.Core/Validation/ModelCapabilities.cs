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

    /// <summary>Prompt length in characters (Runware: 2–6000; Luma: 1–6000).</summary>
    public int MinPromptLength { get; init; } = 1;
    public int MaxPromptLength { get; init; } = 6000;

    /// <summary>Largest decoded input image (source or reference) sent as data. Scenario: under 6 MB (its asset upload);
    /// Luma: 50 MB; where the provider documents nothing, our own 20 MB bound (that of a dropped image).</summary>
    public long MaxImageBytes { get; init; } = DefaultMaxImageBytes;

    /// <summary>Longest side, in pixels, of an input image whose header gives its size. No provider documents one; this
    /// is our own bound against decompression bombs, far above what Uni-1 uses (2048 px).</summary>
    public int MaxImageSide { get; init; } = DefaultMaxImageSide;

    public const long DefaultMaxImageBytes = 20 * 1024 * 1024;
    public const int DefaultMaxImageSide = 16384;
}
