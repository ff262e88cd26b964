namespace ImagePipeline.Routing;

/// <summary>US dollars per output image: <see cref="ImageUsd"/> for text-to-image, <see cref="EditUsd"/> for an edit
/// (a request with a source image). An edit without its own price is charged <see cref="ImageUsd"/>.</summary>
public class ImagePrices
{
    public decimal? ImageUsd { get; set; }
    public decimal? EditUsd { get; set; }

    /// <summary>The configured price of one image of that kind, or null.</summary>
    public decimal? For(bool isEdit) => isEdit ? EditUsd ?? ImageUsd : ImageUsd;
}
