using System.Buffers.Binary;
using System.IO.Hashing;

namespace ImagePipeline.Testing.Simulators;

/// <summary>Grows a PNG to a given size with a private ancillary chunk of random bytes before IEND: still a valid
/// image that decoders skip through, and as incompressible as real pixel data.</summary>
public static class PngPadding
{
    const int ChunkOverhead = 12; // length, type, CRC
    const int IendLength = 12;
    static ReadOnlySpan<byte> ChunkType => "pdNg"u8; // ancillary, private, safe to copy
    static ReadOnlySpan<byte> TagChunkType => "nmNg"u8;

    /// <summary>Marks a PNG with its file name in a private ancillary chunk, so two outputs never share bytes: the
    /// gradient's colours take only the low byte of a seed, and two random seeds collide once in 256 pairs.</summary>
    public static byte[] Tag(byte[] png, string name)
    {
        ArgumentNullException.ThrowIfNull(png);
        var data = System.Text.Encoding.UTF8.GetBytes(name);
        var tagged = new byte[png.Length + ChunkOverhead + data.Length];
        var iendAt = png.Length - IendLength;
        png.AsSpan(0, iendAt).CopyTo(tagged);
        var chunk = tagged.AsSpan(iendAt, ChunkOverhead + data.Length);
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        TagChunkType.CopyTo(chunk[4..]);
        data.CopyTo(chunk[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[(8 + data.Length)..], Crc32.HashToUInt32(chunk.Slice(4, 4 + data.Length)));
        png.AsSpan(iendAt).CopyTo(tagged.AsSpan(iendAt + chunk.Length));
        return tagged;
    }

    public static byte[] PadTo(byte[] png, int size, int seed)
    {
        ArgumentNullException.ThrowIfNull(png);
        var dataLength = size - png.Length - ChunkOverhead;
        if (dataLength <= 0) return png;
        var padded = new byte[size];
        var iendAt = png.Length - IendLength;
        png.AsSpan(0, iendAt).CopyTo(padded);
        var chunk = padded.AsSpan(iendAt, ChunkOverhead + dataLength);
        BinaryPrimitives.WriteInt32BigEndian(chunk, dataLength);
        ChunkType.CopyTo(chunk[4..]);
        new Random(seed).NextBytes(chunk.Slice(8, dataLength));
        BinaryPrimitives.WriteUInt32BigEndian(chunk[(8 + dataLength)..], Crc32.HashToUInt32(chunk.Slice(4, 4 + dataLength)));
        png.AsSpan(iendAt).CopyTo(padded.AsSpan(iendAt + chunk.Length));
        return padded;
    }
}
