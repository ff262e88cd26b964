namespace ImagePipeline.Imaging;

/// <summary>Content types and file extensions of <see cref="ImageFormat"/>, and the way back from a declared content type.</summary>
public static class ImageFormats
{
    /// <summary>The IANA content type, e.g. <c>image/png</c>; null for <see cref="ImageFormat.Unknown"/>.</summary>
    public static string? ContentTypeOf(ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.WebP => "image/webp",
        ImageFormat.Gif => "image/gif",
        _ => null,
    };

    /// <summary>The file extension without a dot (<c>png|jpg|webp|gif</c>); null for <see cref="ImageFormat.Unknown"/>.</summary>
    public static string? ExtensionOf(ImageFormat format) => format switch
    {
        ImageFormat.Png => "png",
        ImageFormat.Jpeg => "jpg",
        ImageFormat.WebP => "webp",
        ImageFormat.Gif => "gif",
        _ => null,
    };

    /// <summary>Maps a declared content type (parameters such as <c>; charset=</c> ignored) to a format.</summary>
    public static ImageFormat FromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return ImageFormat.Unknown;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.ToLowerInvariant() switch
        {
            "image/png" => ImageFormat.Png,
            "image/jpeg" or "image/jpg" or "image/pjpeg" => ImageFormat.Jpeg,
            "image/webp" => ImageFormat.WebP,
            "image/gif" => ImageFormat.Gif,
            _ => ImageFormat.Unknown,
        };
    }
}
