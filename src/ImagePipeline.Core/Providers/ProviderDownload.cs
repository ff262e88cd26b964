namespace ImagePipeline.Providers;

/// <summary>An output being streamed from the provider. Dispose it to release the connection.</summary>
public sealed class ProviderDownload(Stream content, string? contentType, long? length, IDisposable? owner = null) : IAsyncDisposable
{
    public Stream Content { get; } = content;
    public string? ContentType { get; } = contentType;
    public long? Length { get; } = length;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        owner?.Dispose();
    }
}
