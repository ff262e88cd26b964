using ImagePipeline.Pipeline;
using ImagePipeline.Providers;
using ImagePipeline.Validation;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Drops;

/// <summary>
/// Resolves <c>stored-input:inbox/{path}</c> at submit time into a data URI. A file on this machine has no URL a
/// provider could download, so URL-only providers (Segmind, GMI Cloud, Dream Machine) get a clear invalid_input instead.
/// </summary>
public sealed class FolderInputImageResolver(FolderEditDropSource source, IOptions<EditDropOptions> options) : IInputImageResolver
{
    public bool CanResolve(string image) =>
        StoredInputReference.IsReference(image) && image.StartsWith(StoredInputReference.Create(EditDropStores.Inbox, ""), StringComparison.Ordinal);

    public async Task<string> ResolveAsync(string image, ImageInputForms accepted, CancellationToken cancellationToken)
    {
        var (_, name) = StoredInputReference.Parse(image);
        var location = $"inbox/{Path.GetFileName(name)}";
        if (!accepted.HasFlag(ImageInputForms.Data))
        {
            throw new ProviderException(DroppedImageData.ErrorSource, ProviderErrorCodes.InvalidInput,
                $"{location} is in the inbox folder, which cannot give this provider a URL to download it from, and it takes source images only as URLs. " +
                "Use a provider that takes the image itself (runware, luma uni-1, scenario), or drop the image into the edit-requests blob container.");
        }

        var path = source.FindReferencedFile(name) ?? throw DroppedImageData.Missing(location);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
            if (stream.Length > options.Value.MaxImageBytes) throw DroppedImageData.TooLarge(location, options.Value.MaxImageBytes);
            return await DroppedImageData.ToDataUriAsync(stream, options.Value.MaxImageBytes, location, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            // Moved between the lookup and the open: it is in its processed folder now.
            var moved = source.FindReferencedFile(name) ?? throw DroppedImageData.Missing(location);
            await using var stream = File.OpenRead(moved);
            return await DroppedImageData.ToDataUriAsync(stream, options.Value.MaxImageBytes, location, cancellationToken);
        }
    }
}
