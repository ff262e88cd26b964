namespace ImagePipeline.Storage;

/// <summary>
/// Where generated images are archived. Content is streamed: hashed and sniffed while it is copied, never held whole in
/// memory. Names are deterministic (<c>{yyyy}/{MM}/{dd}/{generationId}/{index}.{ext}</c>), so archiving the same output
/// again overwrites it instead of adding a second copy.
/// </summary>
public interface IOutputStore
{
    /// <summary>Copies <paramref name="content"/> to the output's deterministic name, replacing any earlier copy.</summary>
    Task<StoredOutput> SaveAsync(OutputWrite write, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored output by its <see cref="StoredOutput.Name"/>; null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes every output of one generation (its folder, <c>{yyyy}/{MM}/{dd}/{generationId}</c>); returns how
    /// many outputs were deleted (retention).</summary>
    Task<int> DeleteGenerationAsync(string generationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default);
}
