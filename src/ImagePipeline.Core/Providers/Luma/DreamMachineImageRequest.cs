namespace ImagePipeline.Providers.Luma;

/// <summary>The Dream Machine submit body (<c>POST /generations/image</c>). <c>style_ref</c> is never sent: the canonical
/// request has no style image and named styles are refused for Photon by validation.</summary>
internal sealed record DreamMachineImageRequest(
    string Model,
    string Prompt,
    string AspectRatio,
    string Format,
    string? CallbackUrl,
    IReadOnlyList<DreamMachineImageRef>? ImageRef,
    DreamMachineImageRef? ModifyImageRef)
{
    /// <summary>Luma's own default when no ratio is asked for.</summary>
    public const string DefaultAspectRatio = "16:9";

    public static DreamMachineImageRequest From(ProviderJobRequest job, LumaClientOptions options)
    {
        var request = job.Request;
        var references = request.ReferenceImages is { Count: > 0 } images
            ? images.Select((image, i) => new DreamMachineImageRef(RequireUrl(image, $"referenceImages[{i}]"), options.PhotonReferenceWeight)).ToList()
            : null;
        var modify = request.Image is null ? null : new DreamMachineImageRef(RequireUrl(request.Image, "image"), options.PhotonModifyWeight);
        return new DreamMachineImageRequest(
            job.Model,
            request.Prompt,
            request.AspectRatio ?? DefaultAspectRatio,
            // PNG unless JPEG is asked for: lossless, like the other providers' outputs the pipeline archives.
            request.OutputFormat == "jpeg" ? "jpg" : "png",
            job.CallbackUrl?.AbsoluteUri,
            references,
            modify);
    }

    static string RequireUrl(string value, string field) =>
        value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            ? throw new ProviderException(Generation.ProviderNames.Luma, ProviderErrorCodes.InvalidInput,
                $"{field}: Luma Photon takes image URLs only, not data URIs; nothing was sent.")
            : value;
}
