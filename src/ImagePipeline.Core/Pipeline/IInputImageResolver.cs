using ImagePipeline.Validation;

namespace ImagePipeline.Pipeline;

/// <summary>
/// Turns an internal reference to an input image (a dropped blob or inbox file, see <see cref="StoredInputReference"/>)
/// into what the provider takes, at submit time: a short-lived read-only URL for providers that download the image
/// themselves, or a data URI for those that take the bytes. References keep images out of the durable history.
/// </summary>
public interface IInputImageResolver
{
    bool CanResolve(string image);

    /// <summary>Returns an https URL or a data URI. Throws <see cref="Providers.ProviderException"/> with code
    /// invalid_input when the image cannot be handed over in any form the provider accepts.</summary>
    Task<string> ResolveAsync(string image, ImageInputForms accepted, CancellationToken cancellationToken);
}
