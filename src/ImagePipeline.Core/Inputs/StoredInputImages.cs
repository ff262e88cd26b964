using System.Security.Cryptography;
using ImagePipeline.Generation;
using ImagePipeline.Imaging;
using ImagePipeline.Pipeline;

namespace ImagePipeline.Inputs;

/// <summary>Names and references of caller images kept in the <see cref="IInputImageStore"/>:
/// <c>stored-input:upload/{sha256}.{ext}</c>.</summary>
public static class StoredInputImages
{
    /// <summary>The store name in <see cref="StoredInputReference"/>s of caller images.</summary>
    public const string Store = "upload";

    /// <summary>The SHA-256 of the bytes in hex, with the extension of their format.</summary>
    public static string NameOf(ReadOnlySpan<byte> content, ImageFormat format) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(content))}.{ImageFormats.ExtensionOf(format) ?? "bin"}";

    public static bool IsStoredInput(string? value) =>
        value is not null && value.StartsWith(StoredInputReference.Create(Store, ""), StringComparison.Ordinal);

    /// <summary>Stores a data-URI image and returns its reference; anything else (a URL, a reference) unchanged.</summary>
    public static async Task<string> StoreIfDataAsync(IInputImageStore store, string image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!DataUri.TryParse(image, out var dataUri) || !dataUri.TryGetBytes(out var bytes)) return image;
        var format = ImageFormatSniffer.DetectFormat(bytes);
        var name = NameOf(bytes, format);
        await store.StoreAsync(name, bytes, cancellationToken);
        return StoredInputReference.Create(Store, name);
    }
}
