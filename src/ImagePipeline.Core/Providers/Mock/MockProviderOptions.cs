namespace ImagePipeline.Providers.Mock;

/// <summary>Settings of <see cref="MockImageProvider"/>.</summary>
public sealed class MockProviderOptions
{
    public const string SectionName = "Providers:Mock";

    /// <summary>Offer the mock. Unset: only where no real provider has a key (the zero-config run).</summary>
    public bool? Enabled { get; set; }

    /// <summary>How long a job takes from its submit; zero completes it at the first status check.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Size of a 1:1 image; other aspect ratios keep about the same pixel count.</summary>
    public int Width { get; set; } = 512;

    public int Height { get; set; } = 512;
}
