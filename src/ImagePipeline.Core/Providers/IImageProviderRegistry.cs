namespace ImagePipeline.Providers;

/// <summary>The configured providers by name.</summary>
public interface IImageProviderRegistry
{
    IReadOnlyCollection<string> Names { get; }
    bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IImageProvider? provider);
    IImageProvider Get(string name);
}
