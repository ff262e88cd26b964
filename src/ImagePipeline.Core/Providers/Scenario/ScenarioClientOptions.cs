namespace ImagePipeline.Providers.Scenario;

/// <summary>Settings of <see cref="ScenarioClient"/> (bound from <c>Providers:Scenario</c>).</summary>
public sealed class ScenarioClientOptions
{
    public const string SectionName = "Providers:Scenario";

    /// <summary>Scenario's production API root.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://api.cloud.scenario.com/v1");

    /// <summary>The project's API key (the user part of Basic auth).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The project's API secret (the password part of Basic auth).</summary>
    public string? ApiSecret { get; set; }

    /// <summary>API root; routes such as <c>/assets</c> and <c>/jobs/{id}</c> are appended to it.</summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;
}
