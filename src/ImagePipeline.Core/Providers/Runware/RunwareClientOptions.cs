namespace ImagePipeline.Providers.Runware;

/// <summary>Settings of <see cref="RunwareClient"/> (bound from <c>Providers:Runware</c>).</summary>
public sealed class RunwareClientOptions
{
    public const string SectionName = "Providers:Runware";

    /// <summary>Runware's production REST endpoint (every task is POSTed to it).</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://api.runware.ai/v1");

    /// <summary>Smallest <c>ttl</c> Runware accepts.</summary>
    public const int MinTimeToLiveSeconds = 60;

    /// <summary>Sent as <c>Authorization: Bearer</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The REST endpoint tasks are POSTed to.</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary><c>ttl</c>: how long Runware keeps an output URL alive, in seconds (at least 60). Long enough for the
    /// pipeline to copy the outputs even when it learns of them by polling rather than by webhook.</summary>
    public int TimeToLiveSeconds { get; set; } = 3600;
}
