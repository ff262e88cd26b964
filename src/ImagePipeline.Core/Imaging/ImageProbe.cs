using System.Buffers.Binary;

namespace ImagePipeline.Imaging;

/// <summary>
/// Learns an image's format and dimensions from its bytes as they stream past. The archive copies outputs straight
/// from the provider into storage and hands every chunk to <see cref="Append"/> on the way, so the probe keeps at most a
/// 30-byte header and skips JPEG segments (however large their APP/EXIF blocks) without buffering them.
/// </summary>
public sealed class ImageProbe
{
    // Enough for every header we read at a fixed position: PNG IHDR (24), GIF screen descriptor (10), WebP VP8/VP8L/VP8X (30).
    const int HeaderLength = 30;
    const int FrameHeaderLength = 5; // SOFn: precision, height (2), width (2)

    readonly byte[] _header = new byte[HeaderLength];
    readonly byte[] _frameHeader = new byte[FrameHeaderLength];
    int _headerCount;
    JpegState _jpegState;
    int _marker;
    int _segmentLength;
    long _skip;
    int _frameHeaderCount;

    enum JpegState { ExpectMarkerPrefix, ExpectMarker, LengthHigh, LengthLow, SkipSegment, FrameHeader }

    /// <summary>Known once the first 30 bytes (or the whole of a shorter stream) have been seen.</summary>
    public ImageFormat Format { get; private set; }

    public int? Width { get; private set; }

    public int? Height { get; private set; }

    /// <summary>True once nothing more can be learned; further chunks are ignored at no cost.</summary>
    public bool IsDone { get; private set; }

    public ImageInfo Result => new(Format, Width, Height);

    /// <summary>Feeds the next chunk of the stream, in order.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (IsDone || chunk.IsEmpty) return;
        if (_headerCount < HeaderLength)
        {
            var take = Math.Min(HeaderLength - _headerCount, chunk.Length);
            chunk[..take].CopyTo(_header.AsSpan(_headerCount));
            _headerCount += take;
            chunk = chunk[take..];
            if (_headerCount < HeaderLength) return;
            ReadHeader(_header);
            if (IsDone) return;
        }
        // Only a JPEG gets this far: its frame header can sit anywhere after the application segments.
        ScanJpeg(chunk);
    }

    /// <summary>Tells the probe the stream has ended, so a stream shorter than the header is still judged.</summary>
    public void Finish()
    {
        if (IsDone) return;
        if (_headerCount < HeaderLength) ReadHeader(_header.AsSpan(0, _headerCount));
        IsDone = true;
    }

    void ReadHeader(ReadOnlySpan<byte> header)
    {
        Format = ImageFormatSniffer.DetectFormat(header);
        switch (Format)
        {
            case ImageFormat.Png:
                ReadPng(header);
                break;
            case ImageFormat.Gif:
                ReadGif(header);
                break;
            case ImageFormat.WebP:
                ReadWebP(header);
                break;
            case ImageFormat.Jpeg:
                _jpegState = JpegState.ExpectMarkerPrefix;
                ScanJpeg(header[2..]); // after SOI
                return;
        }
        IsDone = true;
    }

    void ReadPng(ReadOnlySpan<byte> header)
    {
        // Signature (8), then the IHDR chunk: length (4), type (4), width (4, big-endian), height (4).
        if (header.Length < 24 || !header[12..16].SequenceEqual("IHDR"u8)) return;
        SetSize(BinaryPrimitives.ReadUInt32BigEndian(header[16..]), BinaryPrimitives.ReadUInt32BigEndian(header[20..]));
    }

    void ReadGif(ReadOnlySpan<byte> header)
    {
        // Logical screen descriptor right after "GIF8?a": width, height (little-endian 16-bit).
        if (header.Length < 10) return;
        SetSize(BinaryPrimitives.ReadUInt16LittleEndian(header[6..]), BinaryPrimitives.ReadUInt16LittleEndian(header[8..]));
    }

    void ReadWebP(ReadOnlySpan<byte> header)
    {
        // "RIFF" size "WEBP", then the first chunk: fourcc (4), size (4), payload from offset 20.
        if (header.Length < 16) return;
        var fourCc = header[12..16];
        if (fourCc.SequenceEqual("VP8 "u8))
        {
            // Lossy: frame tag (3), start code 9D 01 2A, then 14-bit width and height.
            if (header.Length >= 30 && header[23] == 0x9D && header[24] == 0x01 && header[25] == 0x2A)
            {
                SetSize(BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) & 0x3FFFu, BinaryPrimitives.ReadUInt16LittleEndian(header[28..]) & 0x3FFFu);
            }
        }
        else if (fourCc.SequenceEqual("VP8L"u8))
        {
            // Lossless: signature 0x2F, then width-1 and height-1 packed in 14 bits each.
            if (header.Length >= 25 && header[20] == 0x2F)
            {
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(header[21..]);
                SetSize((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
            }
        }
        else if (fourCc.SequenceEqual("VP8X"u8))
        {
            // Extended: flags (4), canvas width-1 and height-1 as 24-bit little-endian.
            if (header.Length >= 30)
            {
                SetSize(1u + ReadUInt24LittleEndian(header[24..]), 1u + ReadUInt24LittleEndian(header[27..]));
            }
        }
    }

    void ScanJpeg(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && !IsDone)
        {
            switch (_jpegState)
            {
                case JpegState.SkipSegment:
                    var skipped = (int)Math.Min(_skip, data.Length - i);
                    i += skipped;
                    _skip -= skipped;
                    if (_skip == 0) _jpegState = JpegState.ExpectMarkerPrefix;
                    break;
                case JpegState.ExpectMarkerPrefix:
                    // Anything but 0xFF between segments is tolerated and passed over.
                    if (data[i++] == 0xFF) _jpegState = JpegState.ExpectMarker;
                    break;
                case JpegState.ExpectMarker:
                    var marker = data[i++];
                    if (marker == 0xFF) break; // fill byte
                    if (IsStandaloneMarker(marker))
                    {
                        _jpegState = JpegState.ExpectMarkerPrefix;
                    }
                    else if (marker is 0xD9 or 0xDA)
                    {
                        // End of image or start of scan before any frame header: the size is not in this file's header.
                        IsDone = true;
                    }
                    else
                    {
                        _marker = marker;
                        _jpegState = JpegState.LengthHigh;
                    }
                    break;
                case JpegState.LengthHigh:
                    _segmentLength = data[i++] << 8;
                    _jpegState = JpegState.LengthLow;
                    break;
                case JpegState.LengthLow:
                    _segmentLength |= data[i++];
                    var remaining = _segmentLength - 2; // the length counts its own two bytes
                    if (remaining < 0)
                    {
                        IsDone = true; // corrupt
                    }
                    else if (IsStartOfFrame(_marker) && remaining >= FrameHeaderLength)
                    {
                        _frameHeaderCount = 0;
                        _jpegState = JpegState.FrameHeader;
                    }
                    else
                    {
                        _skip = remaining;
                        _jpegState = remaining == 0 ? JpegState.ExpectMarkerPrefix : JpegState.SkipSegment;
                    }
                    break;
                case JpegState.FrameHeader:
                    _frameHeader[_frameHeaderCount++] = data[i++];
                    if (_frameHeaderCount == FrameHeaderLength)
                    {
                        SetSize(BinaryPrimitives.ReadUInt16BigEndian(_frameHeader.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(_frameHeader.AsSpan(1)));
                        IsDone = true;
                    }
                    break;
            }
        }
    }

    // SOI, TEM, RSTn and a stuffed zero carry no length.
    static bool IsStandaloneMarker(byte marker) => marker is 0x00 or 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7);

    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    static bool IsStartOfFrame(int marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    static uint ReadUInt24LittleEndian(ReadOnlySpan<byte> bytes) => (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16));

    void SetSize(uint width, uint height)
    {
        // Zero means "not stated here" (e.g. a JPEG height defined later by DNL); absurd values are not dimensions.
        Width = width is > 0 and <= int.MaxValue ? (int)width : null;
        Height = height is > 0 and <= int.MaxValue ? (int)height : null;
    }
}
