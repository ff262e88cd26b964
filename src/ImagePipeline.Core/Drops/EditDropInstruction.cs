using System.Text.Json;
using ImagePipeline.Generation;
using ImagePipeline.Serialization;

namespace ImagePipeline.Drops;

/// <summary>
/// What a drop asks for: the edit prompt and optional provider, model, aspect ratio, style, output format and callback
/// URL. It comes from the blob's metadata (keys as below, any case) or from a JSON sidecar with the same camelCase
/// fields (<c>photo.jpg</c> + <c>photo.json</c>).
/// </summary>
public sealed record EditDropInstruction
{
    /// <summary>The pipeline's JSON shape, lenient about what people write by hand (comments, trailing commas).</summary>
    static readonly JsonSerializerOptions SidecarJson = new(WorkflowJson.Options)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public string? Prompt { get; init; }
    public string? Provider { get; init; }
    public string? Model { get; init; }
    public string? AspectRatio { get; init; }
    public string? Style { get; init; }
    public string? OutputFormat { get; init; }
    public string? CallbackUrl { get; init; }

    public bool HasPrompt => !string.IsNullOrWhiteSpace(Prompt);

    /// <summary>The instruction in blob metadata, or null when the metadata holds none of its fields.</summary>
    public static EditDropInstruction? FromMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || metadata.Count == 0) return null;
        // Blob metadata names are case-insensitive (and some tools lower-case them).
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in metadata)
        {
            if (!string.IsNullOrWhiteSpace(value)) fields[key] = value.Trim();
        }
        var instruction = new EditDropInstruction
        {
            Prompt = fields.GetValueOrDefault("prompt"),
            Provider = fields.GetValueOrDefault("provider"),
            Model = fields.GetValueOrDefault("model"),
            AspectRatio = fields.GetValueOrDefault("aspectRatio"),
            Style = fields.GetValueOrDefault("style"),
            OutputFormat = fields.GetValueOrDefault("outputFormat"),
            CallbackUrl = fields.GetValueOrDefault("callbackUrl"),
        };
        return instruction == new EditDropInstruction() ? null : instruction;
    }

    /// <summary>Parses a JSON sidecar. Throws <see cref="JsonException"/> when it is not a JSON object of these fields.</summary>
    public static EditDropInstruction FromSidecar(ReadOnlySpan<byte> json)
    {
        var parsed = JsonSerializer.Deserialize<EditDropInstruction>(json, SidecarJson) ?? throw new JsonException("The sidecar must hold a JSON object.");
        return parsed with
        {
            Prompt = Clean(parsed.Prompt),
            Provider = Clean(parsed.Provider),
            Model = Clean(parsed.Model),
            AspectRatio = Clean(parsed.AspectRatio),
            Style = Clean(parsed.Style),
            OutputFormat = Clean(parsed.OutputFormat),
            CallbackUrl = Clean(parsed.CallbackUrl),
        };
    }

    /// <summary>The edit request for the dropped image, passed as a stored-input reference (never its bytes).</summary>
    public GenerationRequest ToRequest(string image, IReadOnlyDictionary<string, string>? metadata = null) => new()
    {
        Prompt = Prompt ?? "",
        Provider = Provider,
        Model = Model,
        Image = image,
        AspectRatio = AspectRatio,
        Style = Style,
        OutputFormat = OutputFormat,
        CallbackUrl = CallbackUrl,
        Metadata = metadata,
    };

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
