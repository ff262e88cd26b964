using ImagePipeline.Storage;

namespace ImagePipeline.Conformance.Tests.Support;

/// <summary>Wraps the real (Azurite) output store and fails the first <see cref="FailFirst"/> saves with a storage
/// fault the archive step does not handle, so the engine's retry policy is what recovers (or gives up).</summary>
public sealed class FlakyOutputStore(IOutputStore inner) : IOutputStore
{
    int _attempts;

    public int FailFirst { get; set; }

    public int SaveAttempts => Volatile.Read(ref _attempts);

    public async Task<StoredOutput> SaveAsync(OutputWrite write, Stream content, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _attempts) <= FailFirst) throw new IOException("Simulated storage outage.");
        return await inner.SaveAsync(write, content, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default) => inner.OpenReadAsync(name, cancellationToken);

    public Task<int> DeleteGenerationAsync(string generationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        inner.DeleteGenerationAsync(generationId, createdAt, cancellationToken);
}
