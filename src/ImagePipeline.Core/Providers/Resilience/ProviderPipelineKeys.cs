namespace ImagePipeline.Providers.Resilience;

/// <summary>Names of the resilience pipelines registered once at start-up.</summary>
public static class ProviderPipelineKeys
{
    /// <summary>Status checks and other safe reads: transient faults retried with backoff.</summary>
    public const string Query = "provider-query";
    /// <summary>Output downloads: like <see cref="Query"/>; the attempt timeout covers the response headers only.</summary>
    public const string Download = "provider-download";
    /// <summary>Submits: only a refused (429) submit is retried; anything that may have reached the provider is not.</summary>
    public const string Submit = "provider-submit";
    /// <summary>One provider's circuit breaker (added to Polly's registry on first use, once per provider).</summary>
    public static string Circuit(string provider) => $"circuit:{provider}";
}
