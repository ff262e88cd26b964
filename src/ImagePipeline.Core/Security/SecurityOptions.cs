namespace ImagePipeline.Security;

/// <summary>The <c>Security</c> section: how far the server may reach when it fetches or posts to a URL it did not
/// configure itself (caller image URLs, caller callback URLs, output links a provider returns).</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Output images are capped here; input images have their provider's own, smaller limit.</summary>
    public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

    /// <summary>When true, loopback/private addresses and plain http are allowed. Only for test suites that point the
    /// pipeline at loopback simulators and receivers; it must stay off in production.</summary>
    public bool AllowPrivateNetworkFetches { get; set; }

    /// <summary>Largest response body an outbound fetch may read.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>How long one outbound fetch may take, from connect to the last byte of the body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Redirects followed for a GET; every hop is checked again (scheme here, address at connect time).</summary>
    public int MaxRedirects { get; set; } = 3;
}
