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

    // What an extension chosen by Resolve consists of.
    static readonly System.Buffers.SearchValues<char> ExtensionCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary><c>{yyyy}/{MM}/{dd}/{generationId}</c>, from the UTC date of <see cref="OutputWrite.CreatedAt"/>.</summary>
    public static string FolderOf(OutputWrite write)
    {
        Validate(write);
        return string.Create(CultureInfo.InvariantCulture, $"{write.CreatedAt.UtcDateTime:yyyy'/'MM'/'dd}/{write.GenerationId}");
    }

    public static string FileNameOf(OutputWrite write, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{write.Index}.{extension}");

    public static string NameOf(OutputWrite write, string extension) => $"{FolderOf(write)}/{FileNameOf(write, extension)}";

    /// <summary>The name an archived output was stored under, found again from what its status records: the folder from
    /// the generation, the file name (<c>{index}.{ext}</c>) from the end of its storage URI. Null when that URI does not
    /// end in such a name.</summary>
    public static string? NameOfArchived(string generationId, DateTimeOffset createdAt, string storedUri)
    {
        ArgumentNullException.ThrowIfNull(storedUri);
        var fileName = storedUri[(storedUri.LastIndexOf('/') + 1)..];
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        var wellFormed = dot > 0 && dot < fileName.Length - 1
            && fileName.AsSpan(0, dot).ContainsAnyExceptInRange('0', '9') is false
            && fileName.AsSpan(dot + 1).ContainsAnyExcept(ExtensionCharacters) is false;
        return wellFormed ? $"{FolderOf(new OutputWrite(generationId, 0, createdAt))}/{fileName}" : null;
    }

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
