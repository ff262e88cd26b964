namespace ImagePipeline.Drops;

/// <summary>How a handled drop is marked for people looking at the container: blob index tags (which, unlike metadata,
/// leave the ETag and hence the generation id unchanged).</summary>
public static class EditDropMarks
{
    public const string StatusTag = "pipeline-status";
    public const string GenerationIdTag = "pipeline-generation-id";
    public const string ReasonTag = "pipeline-reason";

    public const string Started = "started";
    public const string Failed = "failed";

    /// <summary>Tag values allow letters, digits, space and <c>+ - . / : = _</c>, up to 256 characters.</summary>
    public static string ToTagValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var chars = value.Select(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '+' or '-' or '.' or '/' or ':' or '=' or '_' ? c : ' ').ToArray();
        var text = string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 256 ? text : text[..256];
    }
}
