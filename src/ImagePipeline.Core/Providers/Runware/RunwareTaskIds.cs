using System.Security.Cryptography;
using System.Text;

namespace ImagePipeline.Providers.Runware;

/// <summary>Runware lets the caller choose each task's UUID. Deriving it from the generation id (instead of a random
/// one) means a submit whose fate is unknown can be looked up with getResponse, and is never started twice.</summary>
public static class RunwareTaskIds
{
    /// <summary>A UUID v4 (version and variant bits set) made from a SHA-256 of the generation id: stable per generation,
    /// unique across generations.</summary>
    public static Guid FromGenerationId(string generationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(generationId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("runware-task:" + generationId), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes, bigEndian: true);
    }
}
