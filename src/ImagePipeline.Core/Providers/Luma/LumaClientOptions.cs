namespace ImagePipeline.Providers.Luma;

/// <summary>Settings of <see cref="LumaClient"/>. One key serves both Luma APIs.</summary>
public sealed class LumaClientOptions
{
    public const string SectionName = "Providers:Luma";

    public const string DefaultAgentsBaseUrl = "https://agents.lumalabs.ai/v1";
    public const string DefaultDreamMachineBaseUrl = "https://api.lumalabs.ai/dream-machine/v1";

    /// <summary>The Luma API key, sent as <c>Authorization: Bearer</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base of the Agents API (Uni-1 models).</summary>
    public Uri AgentsBaseUrl { get; set; } = new(DefaultAgentsBaseUrl);

    /// <summary>The same value as <see cref="AgentsBaseUrl"/>, under the name every provider's options use.</summary>
    public Uri BaseUrl
    {
        get => AgentsBaseUrl;
        set => AgentsBaseUrl = value;
    }

    /// <summary>Base of the Dream Machine API (Photon models).</summary>
    public Uri DreamMachineBaseUrl { get; set; } = new(DefaultDreamMachineBaseUrl);

    /// <summary>Weight sent with each Photon <c>image_ref</c> (Luma's documented default).</summary>
    public double PhotonReferenceWeight { get; set; } = 0.85;

    /// <summary>Weight sent with a Photon edit's <c>modify_image_ref</c>; 1.0 keeps the source closest.</summary>
    public double PhotonModifyWeight { get; set; } = 1.0;
}
