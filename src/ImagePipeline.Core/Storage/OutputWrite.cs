namespace ImagePipeline.Storage;

/// <summary>Which output is being archived. Everything that goes into the name comes from here, so a retry maps to the same name.</summary>
/// <param name="GenerationId">The generation the output belongs to (a single path segment).</param>
/// <param name="Index">The output's position among the generation's outputs, from 0.</param>
/// <param name="CreatedAt">When the generation was created; its UTC date is the name's folder.</param>
/// <param name="DeclaredContentType">What the provider said; used only when the bytes are not a recognised image.</param>
/// <param name="Metadata">Extra string metadata recorded with the output.</param>
public sealed record OutputWrite(
    string GenerationId,
    int Index,
    DateTimeOffset CreatedAt,
    string? DeclaredContentType = null,
    IReadOnlyDictionary<string, string>? Metadata = null);
