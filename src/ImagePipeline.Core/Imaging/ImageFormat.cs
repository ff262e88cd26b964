namespace ImagePipeline.Imaging;

/// <summary>The image formats the pipeline recognises from their leading bytes.</summary>
public enum ImageFormat
{
    Unknown = 0,
    Png,
    Jpeg,
    WebP,
    Gif,
}
