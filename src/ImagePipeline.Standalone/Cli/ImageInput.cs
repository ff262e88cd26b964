using System.CommandLine.Parsing;

namespace ImagePipeline.Standalone.Cli;

/// <summary>An image argument as a request carries it: an http(s) URL passes through, a local file (relative to where
/// the command was run) becomes a data URI; a missing or unreadable file is a usage error that names it.</summary>
static class ImageInput
{
    public static string? Parse(ArgumentResult result, Token token)
    {
        var value = token.Value;
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)) return value;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path.GetFullPath(value));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            result.AddError($"Cannot read the image '{value}': {ex.Message}");
            return null;
        }
        var mediaType = Path.GetExtension(value).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => "image/jpeg",
            ".webp" => "image/webp",
            ".gif" => "image/gif",
            _ => "image/png", // the pipeline sniffs the bytes and refuses what they are not
        };
        return $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";
    }
}
