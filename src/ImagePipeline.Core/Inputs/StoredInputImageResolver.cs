using ImagePipeline.Imaging;
using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Validation;

namespace ImagePipeline.Inputs;

/// <summary>Resolves <c>stored-input:upload/…</c> at submit time back into the data URI the caller sent. Only providers
/// that take image data ever get such a reference: validation refuses a data URI for URL-only providers.</summary>
public sealed class StoredInputImageResolver(IInputImageStore store) : IInputImageResolver
{
    /// <summary>Provider name on the errors of input resolution (no provider was called).</summary>
    public const string ErrorSource = "stored-input";

    public bool CanResolve(string image) => StoredInputImages.IsStoredInput(image);

    public async Task<string> ResolveAsync(string image, ImageInputForms accepted, CancellationToken cancellationToken)
    {
        if (!accepted.HasFlag(ImageInputForms.Data))
            throw new ProviderException(ErrorSource, ProviderErrorCodes.InvalidInput, "This provider model takes input images only as URLs.");
        var (_, name) = StoredInputReference.Parse(image);
        var bytes = await store.ReadAsync(name, cancellationToken)
            ?? throw new ProviderException(ErrorSource, ProviderErrorCodes.InvalidInput, $"The input image {name} is no longer stored.");
        var contentType = ImageFormats.ContentTypeOf(ImageFormatSniffer.DetectFormat(bytes)) ?? "application/octet-stream";
        return $"data:{contentType};base64,{Convert.ToBase64String(bytes)}";
    }
}
