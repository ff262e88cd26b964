using System.Globalization;
using ImagePipeline.Pipeline;

namespace ImagePipeline.Drops;

/// <summary>
/// Idempotency keys of dropped images: the same blob version (name + ETag) or the same file (name, size, modification
/// time) always maps to the same generation id, so a redelivered trigger or a rescan never starts a second edit, while
/// a new upload under the same name does start one.
/// </summary>
public static class EditDropKeys
{
    /// <summary>Id scope of blob drops (<see cref="GenerationIds.FromKey"/>).</summary>
    public const string BlobScope = "blob";

    /// <summary>Id scope of inbox-folder drops.</summary>
    public const string InboxScope = "inbox";

    public static string ForBlob(string container, string name, string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        // ETags come quoted from some APIs and bare from others; the same version must give the same key.
        return $"{container}/{name}\n{etag.Trim('"')}";
    }

    public static string ForFile(string name, long length, DateTime lastWriteTimeUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return string.Create(CultureInfo.InvariantCulture, $"{name}\n{length}\n{lastWriteTimeUtc.ToUniversalTime().Ticks}");
    }

    public static string BlobGenerationId(string container, string name, string etag) =>
        GenerationIds.FromKey(BlobScope, ForBlob(container, name, etag));

    public static string FileGenerationId(string name, long length, DateTime lastWriteTimeUtc) =>
        GenerationIds.FromKey(InboxScope, ForFile(name, length, lastWriteTimeUtc));
}
