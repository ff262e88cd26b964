namespace ImagePipeline.Imaging;

/// <summary>
/// Recognises PNG, JPEG, WebP and GIF from their magic bytes. For streams use <see cref="ImageProbe"/>, which also reads
/// the dimensions chunk by chunk; this class covers the cases where the bytes are already at hand.
/// </summary>
public static class ImageFormatSniffer
{
    /// <summary>How many leading bytes <see cref="DetectFormat"/> needs to tell every supported format apart (WebP's RIFF header).</summary>
    public const int SignatureLength = 12;

    static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];
    static ReadOnlySpan<byte> Gif87Signature => "GIF87a"u8;
    static ReadOnlySpan<byte> Gif89Signature => "GIF89a"u8;

    /// <summary>The format whose signature <paramref name="prefix"/> starts with, or <see cref="ImageFormat.Unknown"/>.
    /// Give it at least <see cref="SignatureLength"/> bytes (fewer only when the content is that short).</summary>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith(PngSignature)) return ImageFormat.Png;
        if (prefix.StartsWith(JpegSignature)) return ImageFormat.Jpeg;
        if (prefix.StartsWith(Gif87Signature) || prefix.StartsWith(Gif89Signature)) return ImageFormat.Gif;
        if (prefix.Length >= 12 && prefix.StartsWith("RIFF"u8) && prefix[8..12].SequenceEqual("WEBP"u8)) return ImageFormat.WebP;
        return ImageFormat.Unknown;
    }

    /// <summary>Format and dimensions of a complete (or leading part of an) image held in memory.</summary>
    public static ImageInfo Identify(ReadOnlySpan<byte> content)
    {
        var probe = new ImageProbe();
        probe.Append(content);
        probe.Finish();
        return probe.Result;
    }
}
