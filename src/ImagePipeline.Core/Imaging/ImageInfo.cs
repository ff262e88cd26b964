namespace ImagePipeline.Imaging;

/// <summary>What the leading bytes of an image told us. Width and height are null when the header did not carry them.</summary>
public sealed record ImageInfo(ImageFormat Format, int? Width, int? Height)
{
    /// <summary>E.g. <c>image/png</c>; null when the format is unknown.</summary>
    public string? ContentType => ImageFormats.ContentTypeOf(Format);

    /// <summary>E.g. <c>png</c>; null when the format is unknown.</summary>
    public string? Extension => ImageFormats.ExtensionOf(Format);
}
