namespace ImagePipeline.Inputs;

/// <summary>
/// Where a caller's input images (a data-URI source or reference image) are kept between the start of a generation and
/// its submit, so the durable history, the journal and the status document carry a short
/// <see cref="Pipeline.StoredInputReference"/> instead of megabytes of base64. Content-addressed: the same bytes are one
/// stored image however often they are sent, so a retried start stores nothing new.
/// </summary>
public interface IInputImageStore
{
    /// <summary>Stores <paramref name="content"/> (once) under <paramref name="name"/> (see <see cref="StoredInputImages.NameOf"/>).</summary>
    Task StoreAsync(string name, byte[] content, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or null when there is no such image.</summary>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes a stored image unless some generation stored it (again) at or after <paramref name="storedBefore"/>;
    /// true when it was deleted (retention). Storing the same bytes again counts as storing them then.</summary>
    Task<bool> DeleteIfStoredBeforeAsync(string name, DateTimeOffset storedBefore, CancellationToken cancellationToken);
}
