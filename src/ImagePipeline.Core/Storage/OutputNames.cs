using System.Globalization;
using ImagePipeline.Imaging;

namespace ImagePipeline.Storage;

/// <summary>The deterministic naming both stores share.</summary>
internal static class OutputNames
{
    const string FallbackExtension = "bin";
    const string FallbackContentType = "application/octet-stream";

    // Characters Windows refuses in file names, refused everywhere so a name works in every store.
    static readonly char[] ForbiddenIdCharacters = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

    /// <summary><c>{yyyy}/{MM}/{dd}/{generationId}</c>, from the UTC date of <see cref="OutputWrite.CreatedAt"/>.</summary>
    public static string FolderOf(OutputWrite write)
    {
        Validate(write);
        return string.Create(CultureInfo.InvariantCulture, $"{write.CreatedAt.UtcDateTime:yyyy'/'MM'/'dd}/{write.GenerationId}");
    }

    public static string FileNameOf(OutputWrite write, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{write.Index}.{extension}");

    public static string NameOf(OutputWrite write, string extension) => $"{FolderOf(write)}/{FileNameOf(write, extension)}";

    /// <summary>The bytes win over the declared type: providers often serve images as <c>application/octet-stream</c>.</summary>
    public static (string ContentType, string Extension) Resolve(ImageFormat sniffed, string? declaredContentType)
    {
        var format = sniffed != ImageFormat.Unknown ? sniffed : ImageFormats.FromContentType(declaredContentType);
        if (format != ImageFormat.Unknown) return (ImageFormats.ContentTypeOf(format)!, ImageFormats.ExtensionOf(format)!);
        var declared = declaredContentType?.Trim();
        return (string.IsNullOrEmpty(declared) ? FallbackContentType : declared, FallbackExtension);
    }

    static void Validate(OutputWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var id = write.GenerationId;
        if (string.IsNullOrWhiteSpace(id) || id is "." or ".." || id.IndexOfAny(ForbiddenIdCharacters) >= 0 || id.Any(char.IsControl))
        {
            throw new ArgumentException($"Generation id '{id}' cannot be used as a storage path segment.", nameof(write));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(write.Index, nameof(write));
    }
}
