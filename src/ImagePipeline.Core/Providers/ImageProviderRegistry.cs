using System.Diagnostics.CodeAnalysis;

namespace ImagePipeline.Providers;

/// <summary>Providers registered in DI, looked up by their (case-insensitive) name; each call to one is traced
/// (<see cref="TracedImageProvider"/>).</summary>
public sealed class ImageProviderRegistry(IEnumerable<IImageProvider> providers) : IImageProviderRegistry
{
    readonly Dictionary<string, IImageProvider> _providers = providers.ToDictionary(
        p => p.Name, IImageProvider (p) => p is TracedImageProvider ? p : new TracedImageProvider(p), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => _providers.Keys;

    public bool TryGet(string name, [NotNullWhen(true)] out IImageProvider? provider) => _providers.TryGetValue(name, out provider);

    public IImageProvider Get(string name) =>
        TryGet(name, out var provider) ? provider : throw new KeyNotFoundException($"Provider '{name}' is not configured.");
}
