using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ImagePipeline.Tests.Providers.Mock;

/// <summary>A PNG read the way a viewer reads it: signature, every chunk's CRC, IHDR, the inflated IDAT stream cut
/// into scanlines. Throws (failing the test) on anything a decoder would reject. Independent of the encoder under test.</summary>
internal sealed record DecodedPng(int Width, int Height, int BitDepth, int ColorType, IReadOnlyList<string> ChunkTypes, IReadOnlyList<byte[]> Scanlines)
{
    static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    static readonly uint[] CrcTable = CreateCrcTable();

    public static DecodedPng Decode(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(Signature), "The file does not start with the PNG signature.");
        var chunks = new List<(string Type, byte[] Data)>();
        var offset = Signature.Length;
        while (offset < png.Length)
        {
            Assert.True(offset + 12 <= png.Length, "A chunk is truncated.");
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            Assert.InRange(length, 0, png.Length - offset - 12);
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length).ToArray();
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.True(Crc(png.AsSpan(offset + 4, 4 + length)) == storedCrc, $"Chunk {type} has a wrong CRC.");
            chunks.Add((type, data));
            offset += 12 + length;
        }

        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Empty(chunks[^1].Data);
        var header = chunks[0].Data;
        Assert.Equal(13, header.Length);
        var width = BinaryPrimitives.ReadInt32BigEndian(header);
        var height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        int bitDepth = header[8], colorType = header[9];
        Assert.Equal(0, header[10]); // compression: deflate
        Assert.Equal(0, header[11]); // filter method 0
        Assert.Equal(0, header[12]); // no interlace
        Assert.Equal(8, bitDepth);
        var bytesPerPixel = colorType switch { 2 => 3, 6 => 4, 0 => 1, _ => throw new Xunit.Sdk.XunitException($"Unexpected colour type {colorType}.") };

        using var compressed = new MemoryStream();
        foreach (var chunk in chunks.Where(c => c.Type == "IDAT")) compressed.Write(chunk.Data);
        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var pixels = inflated.ToArray();

        var stride = 1 + width * bytesPerPixel;
        Assert.Equal(height * stride, pixels.Length);
        var scanlines = Enumerable.Range(0, height).Select(y => pixels.AsSpan(y * stride, stride).ToArray()).ToList();
        Assert.All(scanlines, line => Assert.InRange(line[0], (byte)0, (byte)4)); // a known filter type
        return new DecodedPng(width, height, bitDepth, colorType, [.. chunks.Select(c => c.Type)], scanlines);
    }

    static uint Crc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFF_FFFFu;
    }

    static uint[] CreateCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
