using System.Security.Cryptography;
using ImagePipeline.Imaging;

namespace ImagePipeline.Storage;

/// <summary>Hashes, counts and sniffs content chunk by chunk while a store copies it.</summary>
internal sealed class OutputContentObserver : IDisposable
{
    readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    readonly ImageProbe _probe = new();

    public long Bytes { get; private set; }

    public void Observe(ReadOnlySpan<byte> chunk)
    {
        _sha256.AppendData(chunk);
        _probe.Append(chunk);
        Bytes += chunk.Length;
    }

    /// <summary>Call once, after the last chunk.</summary>
    public (string Sha256, ImageInfo Image) Finish()
    {
        _probe.Finish();
        return (Convert.ToHexStringLower(_sha256.GetHashAndReset()), _probe.Result);
    }

    public void Dispose() => _sha256.Dispose();
}
