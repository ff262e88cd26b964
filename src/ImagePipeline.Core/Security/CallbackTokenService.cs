using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Security;

/// <summary>
/// Makes and checks the <c>token</c> of provider callback URLs: an HMAC-SHA256 of the generation id under the server secret,
/// base64url-encoded. Only someone who was given the URL can post to a generation's callback route.
/// </summary>
public sealed class CallbackTokenService
{
    const int TokenBytes = 32; // SHA-256

    readonly byte[] _key;

    public CallbackTokenService(IOptions<CallbackTokenOptions> options, ILogger<CallbackTokenService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secret = options.Value.Secret;
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException("Pipeline:CallbackSecret is required.");
        if (secret == CallbackTokenOptions.DevelopmentSecret)
        {
            (logger ?? NullLogger<CallbackTokenService>.Instance).LogWarning(
                "Callback tokens use the public development secret; set {Setting} before exposing this host", "Pipeline__CallbackSecret");
        }
        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The token for <paramref name="generationId"/> (43 base64url characters).</summary>
    public string CreateToken(string generationId)
    {
        ArgumentNullException.ThrowIfNull(generationId);
        Span<byte> mac = stackalloc byte[TokenBytes];
        Compute(generationId, mac);
        return Base64Url.EncodeToString(mac);
    }

    /// <summary>True when <paramref name="token"/> is the one for <paramref name="generationId"/>; compared in constant time.</summary>
    public bool IsValid(string generationId, string? token)
    {
        ArgumentNullException.ThrowIfNull(generationId);
        if (string.IsNullOrEmpty(token) || token.Length != Base64Url.GetEncodedLength(TokenBytes)) return false;
        // IsValid first: TryDecodeFromChars throws, rather than returns false, on characters outside the alphabet.
        if (!Base64Url.IsValid(token.AsSpan(), out var decodedLength) || decodedLength != TokenBytes) return false;
        Span<byte> presented = stackalloc byte[TokenBytes];
        if (!Base64Url.TryDecodeFromChars(token, presented, out var written) || written != TokenBytes) return false;
        Span<byte> expected = stackalloc byte[TokenBytes];
        Compute(generationId, expected);
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    /// <summary><c>{publicBaseUrl}/api/callbacks/{provider}/{generationId}?token=…</c>; any path on the base URL is kept, its query dropped.</summary>
    public Uri BuildCallbackUrl(Uri publicBaseUrl, string provider, string generationId)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(generationId);
        if (!publicBaseUrl.IsAbsoluteUri) throw new ArgumentException("The public base URL must be absolute.", nameof(publicBaseUrl));
        var root = publicBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(
            $"{root}/api/callbacks/{Uri.EscapeDataString(provider)}/{Uri.EscapeDataString(generationId)}?token={Uri.EscapeDataString(CreateToken(generationId))}",
            UriKind.Absolute);
    }

    void Compute(string generationId, Span<byte> destination) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(generationId), destination);
}
