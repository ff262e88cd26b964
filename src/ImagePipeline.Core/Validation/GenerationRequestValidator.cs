using ImagePipeline.Generation;
using ImagePipeline.Security;

namespace ImagePipeline.Validation;

/// <summary>Checks a request against the common rules and the chosen provider model's capabilities, naming every
/// offending field. Nothing is sent for a request that fails here.</summary>
public static class GenerationRequestValidator
{
    public const int MaxPromptLength = 6000;
    public const int MaxNumberOfImages = 4;
    public const int MaxMetadataEntries = 32;
    static readonly string[] KnownStyles = ["auto", "manga"];
    static readonly string[] KnownOutputFormats = ["png", "jpeg", "webp"];

    /// <summary>Validates <paramref name="request"/> for <paramref name="provider"/> (the request's own provider, or the default).</summary>
    /// <param name="allowStoredInputs">Internal entry points (blob drop, inbox) may pass <see cref="Pipeline.StoredInputReference"/>s;
    /// the HTTP API may not.</param>
    /// <param name="allowPrivateNetwork"><see cref="SecurityOptions.AllowPrivateNetworkFetches"/>: plain http and private
    /// addresses pass (test suites on loopback only).</param>
    public static ValidationResult Validate(GenerationRequest request, string provider, bool allowStoredInputs = false, bool allowPrivateNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();

        if (string.IsNullOrWhiteSpace(request.Prompt))
            errors.Add(new("prompt", "prompt is required."));
        else if (request.Prompt.Length > MaxPromptLength)
            errors.Add(new("prompt", $"prompt must be at most {MaxPromptLength} characters (it has {request.Prompt.Length})."));

        if (request.NumberOfImages is < 1 or > MaxNumberOfImages)
            errors.Add(new("numberOfImages", $"numberOfImages must be between 1 and {MaxNumberOfImages}."));
        if (request.Style is not null && !KnownStyles.Contains(request.Style, StringComparer.Ordinal))
            errors.Add(new("style", "style must be one of: auto, manga."));
        if (request.OutputFormat is not null && !KnownOutputFormats.Contains(request.OutputFormat, StringComparer.Ordinal))
            errors.Add(new("outputFormat", "outputFormat must be one of: png, jpeg, webp."));
        if (request.CallbackUrl is not null && OutboundUrlPolicy.Check(request.CallbackUrl, allowPrivateNetwork) is { } callbackProblem)
            errors.Add(new("callbackUrl", $"callbackUrl must be an absolute https URL on a public host; it is {callbackProblem}."));
        if (request.Metadata is { Count: > MaxMetadataEntries })
            errors.Add(new("metadata", $"metadata may hold at most {MaxMetadataEntries} entries."));

        var capabilities = ProviderCapabilityTable.Find(provider);
        if (capabilities is null)
        {
            errors.Add(new("provider", $"Unknown provider '{provider}'. Use one of: {string.Join(", ", ProviderNames.All)}."));
            return new ValidationResult(errors);
        }

        var model = capabilities.FindModel(request.Model);
        if (model is null)
        {
            errors.Add(new("model", $"Provider '{capabilities.Provider}' has no model '{request.Model}'. Use one of: {string.Join(", ", capabilities.Models.Select(m => m.Model))}."));
            return new ValidationResult(errors);
        }

        ValidateAgainstModel(request, capabilities.Provider, model, allowStoredInputs, allowPrivateNetwork, errors);
        return new ValidationResult(errors);
    }

    static void ValidateAgainstModel(GenerationRequest request, string provider, ModelCapabilities model, bool allowStoredInputs,
        bool allowPrivateNetwork, List<ValidationError> errors)
    {
        var where = $"{provider} model {model.Model}";
        var isEdit = request.Image is not null;

        if (request.AspectRatio is not null && !model.AspectRatios.Contains(request.AspectRatio, StringComparer.Ordinal))
            errors.Add(new("aspectRatio", $"aspectRatio '{request.AspectRatio}' is not supported by {where}. Use one of: {string.Join(", ", model.AspectRatios)}."));

        if (isEdit)
            ValidateImage("image", request.Image!, model.SourceImage, where, "a source image (edit)", allowStoredInputs, allowPrivateNetwork, errors);

        var references = request.ReferenceImages ?? [];
        if (references.Count > 0)
        {
            var max = isEdit ? model.MaxReferenceImagesWithSource : model.MaxReferenceImages;
            if (model.ReferenceImages == ImageInputForms.None)
                errors.Add(new("referenceImages", $"{where} does not take reference images."));
            else if (references.Count > max)
                errors.Add(new("referenceImages", $"{where} takes at most {max} reference images{(isEdit ? " with a source image" : "")}; got {references.Count}."));
            for (var i = 0; i < references.Count && model.ReferenceImages != ImageInputForms.None; i++)
                ValidateImage($"referenceImages[{i}]", references[i], model.ReferenceImages, where, "this reference image", allowStoredInputs, allowPrivateNetwork, errors);
        }

        if (request.Style is not null && KnownStyles.Contains(request.Style, StringComparer.Ordinal))
        {
            if (!model.Styles.Contains(request.Style, StringComparer.Ordinal))
                errors.Add(new("style", $"{where} does not take a style."));
            else if (isEdit && !model.StyleAllowedWithSource)
                errors.Add(new("style", $"{where} does not allow style together with a source image (edit)."));
        }

        if (request.WebSearch == true)
        {
            if (!model.WebSearch)
                errors.Add(new("webSearch", $"{where} does not support web search."));
            else if (isEdit && !model.WebSearchAllowedWithSource)
                errors.Add(new("webSearch", $"{where} does not allow web search together with a source image (edit)."));
        }

        if (request.Seed is not null && !model.Seed)
            errors.Add(new("seed", $"{where} does not take a seed."));

        if (request.OutputFormat is not null && KnownOutputFormats.Contains(request.OutputFormat, StringComparer.Ordinal)
            && !model.OutputFormats.Contains(request.OutputFormat, StringComparer.Ordinal))
        {
            errors.Add(new("outputFormat", model.OutputFormats.Count == 0
                ? $"{where} chooses its own output format; leave outputFormat out."
                : $"outputFormat '{request.OutputFormat}' is not supported by {where}. Use one of: {string.Join(", ", model.OutputFormats)}."));
        }

        if (request.NumberOfImages is > 1 && request.NumberOfImages <= MaxNumberOfImages && request.NumberOfImages > model.MaxNumberOfImages)
            errors.Add(new("numberOfImages", $"{where} makes at most {model.MaxNumberOfImages} image(s) per request."));
    }

    static void ValidateImage(string field, string value, ImageInputForms accepted, string where, string what, bool allowStoredInputs,
        bool allowPrivateNetwork, List<ValidationError> errors)
    {
        if (accepted == ImageInputForms.None)
        {
            errors.Add(new(field, $"{where} does not take {what}."));
            return;
        }
        // Resolved at submit time into whichever form the provider takes (a short-lived URL or the bytes).
        if (allowStoredInputs && Pipeline.StoredInputReference.IsReference(value)) return;

        var isData = value.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
        if (isData)
        {
            if (!DataUri.TryParse(value, out var dataUri) || !dataUri.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                errors.Add(new(field, "not a valid base64 image data URI (data:image/...;base64,...)."));
            else if (!accepted.HasFlag(ImageInputForms.Data))
                errors.Add(new(field, $"{where} needs this image as a URL it can download; a data URI cannot be sent."));
            return;
        }

        if (OutboundUrlPolicy.Check(value, allowPrivateNetwork) is { } problem)
            errors.Add(new(field, $"must be a data URI or an absolute https URL on a public host; it is {problem}."));
        else if (!accepted.HasFlag(ImageInputForms.Url))
            errors.Add(new(field, $"{where} does not take image URLs here."));
    }

    /// <summary>An https URL whose host is not a private address literal or local name (see <see cref="OutboundUrlPolicy"/>);
    /// anything http(s) when <paramref name="allowPrivateNetwork"/> is on. Names are checked again at connect time.</summary>
    public static bool IsAllowedUrl(string value, bool allowPrivateNetwork = false) => OutboundUrlPolicy.Check(value, allowPrivateNetwork) is null;
}
