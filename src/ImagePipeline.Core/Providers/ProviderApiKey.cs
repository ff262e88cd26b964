namespace ImagePipeline.Providers;

/// <summary>The one setting of a provider section read at registration: its <c>ApiKey</c> decides whether it is offered.</summary>
public sealed class ProviderApiKey
{
    public string? ApiKey { get; set; }
}
