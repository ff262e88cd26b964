namespace ImagePipeline.Providers.Segmind;

/// <summary>Settings of <see cref="SegmindClient"/> (bound from <c>Providers:Segmind</c>).</summary>
public sealed class SegmindClientOptions
{
    public const string SectionName = "Providers:Segmind";

    /// <summary>Segmind's production API root.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://api.segmind.com/");

    /// <summary>Sent as <c>x-api-key</c> (Segmind rejects a Bearer token).</summary>
    public string? ApiKey { get; set; }

    /// <summary>API root; point it at a simulator in tests and benchmarks.</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;
}
