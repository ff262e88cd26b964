namespace ImagePipeline.Drops;

/// <summary>
/// One dropped image as <see cref="EditDropProcessor"/> sees it, whatever holds it (a blob in the drop container, a file
/// in the inbox folder): what identifies this version of it, its instruction sources, and how to mark it handled.
/// The drop itself is never deleted.
/// </summary>
public interface IEditDrop
{
    /// <summary>Id scope (<see cref="EditDropKeys.BlobScope"/> or <see cref="EditDropKeys.InboxScope"/>).</summary>
    string Scope { get; }

    /// <summary>The name within its container or folder, e.g. <c>photo.jpg</c>.</summary>
    string Name { get; }

    /// <summary>Where it is, for people: <c>edit-requests/photo.jpg</c>, <c>inbox/photo.jpg</c>.</summary>
    string Location { get; }

    /// <summary>The idempotency key of this version (<see cref="EditDropKeys"/>).</summary>
    string Key { get; }

    long Length { get; }

    DateTimeOffset LastModified { get; }

    /// <summary>Blob metadata; empty for files.</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The first <paramref name="count"/> bytes (fewer when the content is shorter).</summary>
    Task<byte[]> ReadPrefixAsync(int count, CancellationToken cancellationToken);

    /// <summary>The JSON sidecar's bytes, at most <paramref name="maxBytes"/> + 1 of them (so an oversized one shows);
    /// null when there is no sidecar.</summary>
    Task<byte[]?> ReadSidecarAsync(int maxBytes, CancellationToken cancellationToken);

    /// <summary>The <see cref="Pipeline.StoredInputReference"/> the request carries for the generation.</summary>
    string InputReferenceFor(string generationId);

    Task MarkStartedAsync(string generationId, CancellationToken cancellationToken);

    Task MarkFailedAsync(string generationId, string reason, CancellationToken cancellationToken);
}
