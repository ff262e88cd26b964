using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace ImagePipeline.Tests.Imaging;

/// <summary>Real image bytes built in the test, so the sniffer is checked against the formats' actual layouts.</summary>
internal static class TestImages
{
    /// <summary>A valid, decodable RGB PNG of the given size (solid colour, zlib-compressed scanlines).</summary>
    public static byte[] Png(int width, int height, byte red = 200, byte green = 40, byte blue = 90)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        WritePngChunk(output, "IHDR", header);

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + width * 3]; // filter byte 0, then RGB
            for (var x = 0; x < width; x++)
            {
                row[1 + x * 3] = red;
                row[2 + x * 3] = green;
                row[3 + x * 3] = blue;
            }
            for (var y = 0; y < height; y++) zlib.Write(row);
        }
        WritePngChunk(output, "IDAT", pixels.ToArray());
        WritePngChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>A baseline JPEG layout: SOI, APP0 (JFIF), a large APP1 (Exif) segment, DQT, SOF0 with the size, DHT, SOS, data, EOI.</summary>
    public static byte[] Jpeg(int width, int height, int app1PayloadBytes = 60_000, byte startOfFrame = 0xC0)
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        WriteJpegSegment(output, 0xE0, [.. "JFIF\0"u8, 1, 2, 0, 0, 1, 0, 1, 0, 0]);
        var exif = new byte[app1PayloadBytes];
        "Exif\0\0"u8.CopyTo(exif);
        // Bytes that look like markers inside the payload must not fool the scanner.
        for (var i = 6; i + 1 < exif.Length; i += 97)
        {
            exif[i] = 0xFF;
            exif[i + 1] = 0xC0;
        }
        WriteJpegSegment(output, 0xE1, exif);
        WriteJpegSegment(output, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        var frame = new byte[] { 8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)width);
        WriteJpegSegment(output, startOfFrame, frame);
        WriteJpegSegment(output, 0xC4, [0, .. new byte[16]]);
        WriteJpegSegment(output, 0xDA, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
        output.Write(Enumerable.Range(0, 2048).Select(i => (byte)(i % 251 == 0xFF ? 0 : i % 251)).ToArray());
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    /// <summary>A complete 2-colour GIF89a with one image block.</summary>
    public static byte[] Gif(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(size, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(size[2..], (ushort)height);
        output.Write(size);
        output.Write([0x80, 0, 0]); // global colour table of 2 entries
        output.Write([0xFF, 0xFF, 0xFF, 0, 0, 0]);
        output.Write([0x2C, 0, 0, 0, 0]);
        output.Write(size);
        output.Write([0, 2, 2, 0x44, 0x01, 0, 0x3B]);
        return output.ToArray();
    }

    /// <summary>A lossless WebP (RIFF/WEBP with a VP8L chunk header carrying the size).</summary>
    public static byte[] WebPLossless(int width, int height)
    {
        var payload = new byte[10];
        payload[0] = 0x2F;
        var bits = (uint)(width - 1) | ((uint)(height - 1) << 14);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(1), bits);
        return Riff("VP8L", payload);
    }

    /// <summary>A lossy WebP (VP8 key frame header: frame tag, start code 9D 01 2A, 14-bit sizes).</summary>
    public static byte[] WebPLossy(int width, int height)
    {
        var payload = new byte[20];
        payload[0] = 0x10; // key frame, version 0, show frame... (frame tag)
        payload[3] = 0x9D;
        payload[4] = 0x01;
        payload[5] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(8), (ushort)height);
        return Riff("VP8 ", payload);
    }

    /// <summary>An extended WebP (VP8X: flags, canvas width-1 and height-1 as 24-bit values).</summary>
    public static byte[] WebPExtended(int width, int height)
    {
        var payload = new byte[10];
        WriteUInt24(payload.AsSpan(4), width - 1);
        WriteUInt24(payload.AsSpan(7), height - 1);
        return Riff("VP8X", payload);
    }

    static byte[] Riff(string fourCc, byte[] payload)
    {
        using var output = new MemoryStream();
        output.Write("RIFF"u8);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(number, 4 + 8 + payload.Length);
        output.Write(number);
        output.Write("WEBP"u8);
        output.Write(Encoding.ASCII.GetBytes(fourCc));
        BinaryPrimitives.WriteInt32LittleEndian(number, payload.Length);
        output.Write(number);
        output.Write(payload);
        return output.ToArray();
    }

    static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
    }

    static void WritePngChunk(Stream output, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        output.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32.HashToUInt32(typeAndData));
        output.Write(number);
    }

    static void WriteJpegSegment(Stream output, byte marker, byte[] data)
    {
        output.Write([0xFF, marker]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(data.Length + 2));
        output.Write(length);
        output.Write(data);
    }
}
