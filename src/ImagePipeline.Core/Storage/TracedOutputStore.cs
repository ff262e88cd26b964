using ImagePipeline.Diagnostics;

namespace ImagePipeline.Storage;

/// <summary>An output store whose writes and reads are traced (<see cref="StorageTelemetry"/>), whichever store it is.</summary>
public sealed class TracedOutputStore(IOutputStore inner) : IOutputStore
{
    /// <summary>The store that does the work (which one configuration chose).</summary>
    public IOutputStore Inner => inner;

    public async Task<StoredOutput> SaveAsync(OutputWrite write, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var activity = StorageTelemetry.Start(StorageTelemetry.ArchiveWriteActivity, write.GenerationId);
        activity?.SetTag(PipelineTelemetry.OutputIndexTag, write.Index);
        try
        {
            var stored = await inner.SaveAsync(write, content, cancellationToken);
            activity?.SetTag(PipelineTelemetry.BytesTag, stored.Bytes);
            return stored;
        }
        catch (Exception ex) when (activity is not null)
        {
            activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        using var activity = StorageTelemetry.Start(StorageTelemetry.ArchiveReadActivity, null);
        var stream = await inner.OpenReadAsync(name, cancellationToken);
        activity?.SetTag(StorageTelemetry.FoundTag, stream is not null);
        return stream;
    }

    public async Task<int> DeleteGenerationAsync(string generationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        using var activity = StorageTelemetry.Start(StorageTelemetry.ArchiveDeleteActivity, generationId);
        var deleted = await inner.DeleteGenerationAsync(generationId, createdAt, cancellationToken);
        activity?.SetTag(StorageTelemetry.DeletedTag, deleted);
        return deleted;
    }
}
