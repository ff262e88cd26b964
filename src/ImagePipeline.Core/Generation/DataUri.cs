using System.Diagnostics.CodeAnalysis;

namespace ImagePipeline.Generation;

/// <summary>A parsed <c>data:[media-type];base64,...</c> URI (only the base64 form carries images).</summary>
public sealed record DataUri(string MediaType, string Base64)
{
    public static bool TryParse(string value, [NotNullWhen(true)] out DataUri? dataUri)
    {
        dataUri = null;
        if (!value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return false;
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0) return false;
        var header = value.AsSpan(5, comma - 5);
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase)) return false;
        var mediaType = header[..^";base64".Length].ToString();
        var payload = value[(comma + 1)..];
        if (payload.Length == 0 || payload.Length % 4 != 0) return false;
        dataUri = new DataUri(mediaType.Length == 0 ? "application/octet-stream" : mediaType, payload);
        return true;
    }

    public byte[] GetBytes() => Convert.FromBase64String(Base64);

    /// <summary>Upper bound of the decoded size, known without decoding.</summary>
    public long MaxDecodedLength => (long)Base64.Length / 4 * 3;

    /// <summary>Decodes the payload into an array of exactly its size (no second copy); false when it is not base64.</summary>
    public bool TryGetBytes([NotNullWhen(true)] out byte[]? bytes)
    {
        var padding = Base64.EndsWith("==", StringComparison.Ordinal) ? 2 : Base64.EndsWith('=') ? 1 : 0;
        var buffer = new byte[MaxDecodedLength - padding];
        if (Convert.TryFromBase64String(Base64, buffer, out var written))
        {
            bytes = written == buffer.Length ? buffer : buffer[..written]; // shorter only when the payload held whitespace
            return true;
        }
        bytes = null;
        return false;
    }
}
