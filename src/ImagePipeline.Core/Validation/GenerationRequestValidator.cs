using System.Globalization;
using ImagePipeline.Generation;
using ImagePipeline.Imaging;
using ImagePipeline.Security;

namespace ImagePipeline.Validation;

/// <summary>Checks a request against the common rules and the chosen provider model's capabilities, naming every
/// offending field. Nothing is sent for a request that fails here.</summary>
public static class GenerationRequestValidator
{
    public const int MaxPromptLength = 6000;
    public const int MaxNumberOfImages = 4;
    public const int MaxMetadataEntries = 32;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 1024;
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
        else if (ForbiddenCharacters.IndexOfForbidden(request.Prompt) is >= 0 and var at)
            errors.Add(new("prompt", $"prompt holds a control character ({ForbiddenCharacters.Describe(request.Prompt, at)}); only text, tabs and line breaks are allowed."));

        if (request.NumberOfImages is < 1 or > MaxNumberOfImages)
            errors.Add(new("numberOfImages", $"numberOfImages must be between 1 and {MaxNumberOfImages}."));
        if (request.Seed is < 0)
            errors.Add(new("seed", "seed must be 0 or more."));
        if (request.Style is not null && !KnownStyles.Contains(request.Style, StringComparer.Ordinal))
            errors.Add(new("style", "style must be one of: auto, manga."));
        if (request.OutputFormat is not null && !KnownOutputFormats.Contains(request.OutputFormat, StringComparer.Ordinal))
            errors.Add(new("outputFormat", "outputFormat must be one of: png, jpeg, webp."));
        if (request.CallbackUrl is not null && OutboundUrlPolicy.Check(request.CallbackUrl, allowPrivateNetwork) is { } callbackProblem)
            errors.Add(new("callbackUrl", $"callbackUrl must be an absolute https URL on a public host; it is {callbackProblem}."));
        ValidateWebhookEvents(request, errors);
        ValidateMetadata(request.Metadata, errors);

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

        if (!string.IsNullOrWhiteSpace(request.Prompt) && request.Prompt.Length <= MaxPromptLength
            && (request.Prompt.Length < model.MinPromptLength || request.Prompt.Length > model.MaxPromptLength))
        {
            errors.Add(new("prompt", $"{where} takes a prompt of {model.MinPromptLength}–{model.MaxPromptLength} characters (it has {request.Prompt.Length})."));
        }

        if (request.AspectRatio is not null && !model.AspectRatios.Contains(request.AspectRatio, StringComparer.Ordinal))
            errors.Add(new("aspectRatio", $"aspectRatio '{request.AspectRatio}' is not supported by {where}. Use one of: {string.Join(", ", model.AspectRatios)}."));

        if (isEdit)
            ValidateImage("image", request.Image!, model.SourceImage, model, where, "a source image (edit)", allowStoredInputs, allowPrivateNetwork, errors);

        var references = request.ReferenceImages ?? [];
        if (references.Count > 0)
        {
            var max = isEdit ? model.MaxReferenceImagesWithSource : model.MaxReferenceImages;
            if (model.ReferenceImages == ImageInputForms.None)
                errors.Add(new("referenceImages", $"{where} does not take reference images."));
            else if (references.Count > max)
                errors.Add(new("referenceImages", $"{where} takes at most {max} reference images{(isEdit ? " with a source image" : "")}; got {references.Count}."));
            for (var i = 0; i < references.Count && model.ReferenceImages != ImageInputForms.None; i++)
                ValidateImage($"referenceImages[{i}]", references[i], model.ReferenceImages, model, where, "this reference image", allowStoredInputs, allowPrivateNetwork, errors);
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

    static void ValidateImage(string field, string? value, ImageInputForms accepted, ModelCapabilities model, string where, string what, bool allowStoredInputs,
        bool allowPrivateNetwork, List<ValidationError> errors)
    {
        if (accepted == ImageInputForms.None)
        {
            errors.Add(new(field, $"{where} does not take {what}."));
            return;
        }
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(new(field, "must be an absolute https URL or a data URI."));
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
            else if (ImageDataProblem(dataUri, model, where) is { } problem)
                errors.Add(new(field, problem));
            return;
        }

        if (OutboundUrlPolicy.Check(value, allowPrivateNetwork) is { } urlProblem)
            errors.Add(new(field, $"must be a data URI or an absolute https URL on a public host; it is {urlProblem}."));
        else if (!accepted.HasFlag(ImageInputForms.Url))
            errors.Add(new(field, $"{where} does not take image URLs here."));
    }

    /// <summary>Decodes and sniffs a data URI's image: PNG, JPEG or WebP only, the bytes what the URI declares, within
    /// the model's size limits. Null when it is fine.</summary>
    static string? ImageDataProblem(DataUri dataUri, ModelCapabilities model, string where)
    {
        var declared = ImageFormats.FromContentType(dataUri.MediaType);
        if (declared is not (ImageFormat.Png or ImageFormat.Jpeg or ImageFormat.WebP))
            return $"only image/png, image/jpeg and image/webp data URIs are accepted, not '{dataUri.MediaType}'.";
        // Checked before decoding, so an oversized image costs no allocation of its size.
        if (dataUri.MaxDecodedLength > model.MaxImageBytes + 2)
            return Invariant($"the image is about {dataUri.MaxDecodedLength} bytes; {where} takes at most {model.MaxImageBytes} bytes per image.");
        if (!dataUri.TryGetBytes(out var bytes))
            return "the data URI's payload is not valid base64.";
        if (bytes.Length > model.MaxImageBytes)
            return Invariant($"the image is {bytes.Length} bytes; {where} takes at most {model.MaxImageBytes} bytes per image.");

        var info = ImageFormatSniffer.Identify(bytes);
        if (info.Format is not (ImageFormat.Png or ImageFormat.Jpeg or ImageFormat.WebP))
            return $"the bytes are not a PNG, JPEG or WebP image (declared {dataUri.MediaType}).";
        if (info.Format != declared)
            return $"the data URI declares {dataUri.MediaType} but the bytes are {info.ContentType}.";
        if (info.Width > model.MaxImageSide || info.Height > model.MaxImageSide)
            return Invariant($"the image is {info.Width}×{info.Height} px; at most {model.MaxImageSide} px per side is accepted.");
        return null;
    }

    static void ValidateWebhookEvents(GenerationRequest request, List<ValidationError> errors)
    {
        if (request.WebhookEvents is not { } events) return;
        if (request.CallbackUrl is null)
            errors.Add(new("webhookEvents", "webhookEvents needs a callbackUrl to deliver them to."));
        if (events.Count == 0)
            errors.Add(new("webhookEvents", $"webhookEvents must name at least one of: {string.Join(", ", WebhookEventNames.All)}."));
        foreach (var name in events.Where(name => !WebhookEventNames.All.Contains(name, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
            errors.Add(new("webhookEvents", $"webhookEvents has an unknown event {QuoteEventName(name)}. Use any of: {string.Join(", ", WebhookEventNames.All)}."));
    }

    // An unknown name is echoed only when short and printable: the problem document must not carry arbitrary input back.
    static string QuoteEventName(string? name) =>
        name is { Length: > 0 and <= 32 } && ForbiddenCharacters.IndexOfForbidden(name) < 0 && !name.Any(char.IsControl) ? $"'{name}'" : "(unprintable or too long)";

    static void ValidateMetadata(IReadOnlyDictionary<string, string>? metadata, List<ValidationError> errors)
    {
        if (metadata is null) return;
        if (metadata.Count > MaxMetadataEntries)
        {
            errors.Add(new("metadata", Invariant($"metadata may hold at most {MaxMetadataEntries} entries (it has {metadata.Count}).")));
            return;
        }
        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 or > MaxMetadataKeyLength)
                errors.Add(new("metadata", Invariant($"metadata keys must be 1–{MaxMetadataKeyLength} characters (one has {key.Length}).")));
            else if (ForbiddenCharacters.IndexOfForbidden(key) is >= 0 and var keyAt)
                errors.Add(new("metadata", $"metadata key holds a control character ({ForbiddenCharacters.Describe(key, keyAt)})."));
            if (value is null)
                errors.Add(new("metadata", $"metadata '{Shorten(key)}' must be a string."));
            else if (value.Length > MaxMetadataValueLength)
                errors.Add(new("metadata", Invariant($"metadata '{Shorten(key)}' must be at most {MaxMetadataValueLength} characters (it has {value.Length}).")));
            else if (ForbiddenCharacters.IndexOfForbidden(value) is >= 0 and var valueAt)
                errors.Add(new("metadata", $"metadata '{Shorten(key)}' holds a control character ({ForbiddenCharacters.Describe(value, valueAt)})."));
        }
    }

    static string Shorten(string key) => key.Length <= MaxMetadataKeyLength && ForbiddenCharacters.IndexOfForbidden(key) < 0 ? key : "(key)";

    static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An https URL whose host is not a private address literal or local name (see <see cref="OutboundUrlPolicy"/>);
    /// anything http(s) when <paramref name="allowPrivateNetwork"/> is on. Names are checked again at connect time.</summary>
    public static bool IsAllowedUrl(string value, bool allowPrivateNetwork = false) => OutboundUrlPolicy.Check(value, allowPrivateNetwork) is null;
}
