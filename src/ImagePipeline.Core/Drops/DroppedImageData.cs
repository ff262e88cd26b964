using System.Globalization;
using ImagePipeline.Imaging;
using ImagePipeline.Providers;

namespace ImagePipeline.Drops;

/// <summary>Turns a dropped image's bytes into the data URI data-taking providers get, refusing what is not an image
/// or too large (it may have changed since it was dropped).</summary>
internal static class DroppedImageData
{
    /// <summary>Provider name on the errors of input resolution (no provider was called).</summary>
    public const string ErrorSource = "edit-drop";

    public static async Task<string> ToDataUriAsync(Stream content, long maxBytes, string location, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(location, maxBytes);
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var contentType = ImageFormats.ContentTypeOf(ImageFormatSniffer.DetectFormat(bytes))
            ?? throw new ProviderException(ErrorSource, ProviderErrorCodes.InvalidInput, $"{location} is not an image (PNG, JPEG, WebP or GIF).");
        return $"data:{contentType};base64,{Convert.ToBase64String(bytes)}";
    }

    public static ProviderException TooLarge(string location, long maxBytes) => new(ErrorSource, ProviderErrorCodes.InvalidInput,
        string.Create(CultureInfo.InvariantCulture, $"{location} is larger than the {maxBytes} bytes a dropped image may have."));

    public static ProviderException Missing(string location) =>
        new(ErrorSource, ProviderErrorCodes.InvalidInput, $"The dropped image {location} is no longer there.");
}
