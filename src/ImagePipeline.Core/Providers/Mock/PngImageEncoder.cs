using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace ImagePipeline.Providers.Mock;

/// <summary>Writes a small, valid RGB PNG (a gradient seeded by the caller), for the mock provider and the simulators.
/// Enough PNG to be decoded by any viewer; not a general encoder.</summary>
public static class PngImageEncoder
{
    static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] CreateGradient(int width, int height, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour RGB
        WriteChunk(output, "IHDR", header);

        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[1 + width * 3];
                var (r0, g0, b0) = ((seed * 53) & 0xFF, (seed * 97) & 0xFF, (seed * 151) & 0xFF);
                for (var y = 0; y < height; y++)
                {
                    row[0] = 0; // filter: none
                    for (var x = 0; x < width; x++)
                    {
                        row[1 + x * 3] = (byte)(r0 + x * 255 / width);
                        row[2 + x * 3] = (byte)(g0 + y * 255 / height);
                        row[3 + x * 3] = (byte)(b0 + (x + y) * 127 / (width + height));
                    }
                    zlib.Write(row);
                }
            }
            WriteChunk(output, "IDAT", pixels.ToArray());
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        Span<byte> typeBytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++) typeBytes[i] = (byte)type[i];
        output.Write(typeBytes);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, crc.GetCurrentHashAsUInt32());
        output.Write(checksum);
    }
}
