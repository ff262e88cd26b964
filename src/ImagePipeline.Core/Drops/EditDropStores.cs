namespace ImagePipeline.Drops;

/// <summary>Store names of the <see cref="Pipeline.StoredInputReference"/>s that dropped images travel as
/// (<c>stored-input:blob-drop/photo.jpg</c>, <c>stored-input:inbox/processed/gen_…/photo.jpg</c>).</summary>
public static class EditDropStores
{
    /// <summary>A blob in the drop container (<see cref="EditDropOptions.Container"/>).</summary>
    public const string Blob = "blob-drop";

    /// <summary>A file under the standalone inbox folder.</summary>
    public const string Inbox = "inbox";
}
