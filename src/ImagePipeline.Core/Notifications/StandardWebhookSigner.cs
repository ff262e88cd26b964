using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ImagePipeline.Notifications;

/// <summary>
/// Signs and verifies webhooks the Standard Webhooks way: <c>v1,</c> + base64 HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>. A secret of the form <c>whsec_&lt;base64&gt;</c> is decoded to its key bytes;
/// any other string is used as UTF-8 bytes.
/// </summary>
public sealed class StandardWebhookSigner
{
    public const string SecretPrefix = "whsec_";
    const string SignatureVersion = "v1";

    /// <summary>How far a timestamp may be from now before verification refuses it (replay protection).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    readonly byte[] _key;
    readonly TimeSpan _tolerance;

    public StandardWebhookSigner(string secret, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key = KeyOf(secret);
        _tolerance = tolerance ?? DefaultTolerance;
    }

    /// <summary>The <c>webhook-signature</c> value for one attempt.</summary>
    public string Sign(string messageId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        // The spec forbids '.' in the id: it is the separator of the signed content.
        if (messageId.Contains('.', StringComparison.Ordinal)) throw new ArgumentException("A webhook id must not contain '.'.", nameof(messageId));
        return SignatureVersion + "," + Convert.ToBase64String(Compute(messageId, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), body));
    }

    public string Sign(string messageId, DateTimeOffset timestamp, string body) =>
        Sign(messageId, timestamp, Encoding.UTF8.GetBytes(body ?? throw new ArgumentNullException(nameof(body))));

    /// <summary>
    /// True when one of the <c>v1</c> signatures in <paramref name="signatureHeader"/> matches and the timestamp is within the
    /// tolerance of <paramref name="now"/>. Missing headers, other versions and malformed values are simply not valid.
    /// </summary>
    public bool Verify(string? messageId, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader)) return false;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)_tolerance.TotalSeconds) return false;

        var expected = Compute(messageId, timestamp, body);
        Span<byte> presented = stackalloc byte[expected.Length];
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !candidate.AsSpan(0, comma).SequenceEqual(SignatureVersion)) continue;
            if (Convert.TryFromBase64String(candidate[(comma + 1)..], presented, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                return true;
            }
        }
        return false;
    }

    public bool Verify(string? messageId, string? timestamp, string? signatureHeader, string body, DateTimeOffset now) =>
        Verify(messageId, timestamp, signatureHeader, Encoding.UTF8.GetBytes(body ?? throw new ArgumentNullException(nameof(body))), now);

    byte[] Compute(string messageId, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.UTF8.GetBytes(messageId + "." + timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    static byte[] KeyOf(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal)) return Encoding.UTF8.GetBytes(secret);
        try
        {
            return Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"A secret starting with '{SecretPrefix}' must continue in base64.", nameof(secret), e);
        }
    }
}
