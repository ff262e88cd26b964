using System.Security.Cryptography;
using System.Text;

namespace ImagePipeline.Standalone.Auth;

/// <summary>Whether callers need a key (the host listens beyond loopback) and which keys are good. Keys are kept as
/// SHA-256 digests and compared in constant time, so neither a key's content nor its length leaks through timing.</summary>
public sealed class ApiKeyPolicy
{
    readonly byte[][] _digests;

    public ApiKeyPolicy(bool required, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Required = required;
        _digests = [.. keys.Where(key => key.Length > 0).Select(Digest)];
    }

    public bool Required { get; }

    public bool HasKeys => _digests.Length > 0;

    public bool Accepts(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return false;
        var digest = Digest(presented);
        var accepted = false;
        // Every key is compared, so the time taken does not tell which one (if any) matched.
        foreach (var known in _digests) accepted |= CryptographicOperations.FixedTimeEquals(digest, known);
        return accepted;
    }

    static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
