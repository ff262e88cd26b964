namespace ImagePipeline.Providers.GmiCloud;

/// <summary>Settings of <see cref="GmiCloudClient"/> (bound from <c>Providers:GmiCloud</c>).</summary>
public sealed class GmiCloudClientOptions
{
    public const string SectionName = "Providers:GmiCloud";

    /// <summary>GMI Cloud's request-queue API root (requests live under <c>/requests</c>).</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://console.gmicloud.ai/api/v1/ie/requestqueue/apikey/");

    /// <summary>Sent as <c>Authorization: Bearer</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>API root; point it at a simulator in tests and benchmarks.</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;
}
