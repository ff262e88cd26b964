using ImagePipeline.Generation;

namespace ImagePipeline.Providers.Luma;

/// <summary>An Agents API image reference: exactly one of <c>url</c>, inline <c>data</c> (+ <c>media_type</c>) or
/// <c>generation_id</c> (a previous Luma generation). Unset fields are left out of the JSON.</summary>
internal sealed record AgentsImageRef(string? Url = null, string? Data = null, string? MediaType = null, string? GenerationId = null)
{
    /// <summary>A request image (https URL or base64 data URI) as a ref; <paramref name="field"/> names it in errors.</summary>
    public static AgentsImageRef FromInput(string value, string field)
    {
        if (!value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return new AgentsImageRef(Url: value);
        if (!DataUri.TryParse(value, out var dataUri))
        {
            throw new ProviderException(ProviderNames.Luma, ProviderErrorCodes.InvalidInput,
                $"{field} is not a valid base64 data URI; nothing was sent to Luma.");
        }
        return new AgentsImageRef(Data: dataUri.Base64, MediaType: dataUri.MediaType);
    }
}
