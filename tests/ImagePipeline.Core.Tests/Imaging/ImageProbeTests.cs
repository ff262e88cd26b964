using ImagePipeline.Imaging;

namespace ImagePipeline.Tests.Imaging;

public class ImageProbeTests
{
    public static TheoryData<string, int> ChunkSizes => new()
    {
        { "png", 1 }, { "png", 7 }, { "png", 4096 },
        { "jpeg", 1 }, { "jpeg", 13 }, { "jpeg", 4096 },
        { "gif", 1 }, { "gif", 5 },
        { "webp-lossless", 1 }, { "webp-lossy", 3 }, { "webp-extended", 11 },
    };

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public void Fed_in_chunks_it_learns_the_same_format_and_size_as_from_the_whole_image(string kind, int chunkSize)
    {
        var (bytes, expectedFormat, width, height) = Sample(kind);
        var probe = new ImageProbe();

        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            probe.Append(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)));
        }
        probe.Finish();

        Assert.Equal(new ImageInfo(expectedFormat, width, height), probe.Result);
    }

    [Fact]
    public void Jpeg_size_is_found_after_a_large_exif_segment_without_reading_to_the_end()
    {
        var jpeg = TestImages.Jpeg(4032, 3024, app1PayloadBytes: 64_000);
        var probe = new ImageProbe();
        var consumed = 0;

        while (!probe.IsDone && consumed < jpeg.Length)
        {
            var chunk = Math.Min(1000, jpeg.Length - consumed);
            probe.Append(jpeg.AsSpan(consumed, chunk));
            consumed += chunk;
        }

        Assert.True(probe.IsDone);
        Assert.True(consumed < jpeg.Length, "the probe should be done at the frame header, before the scan data");
        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 4032, 3024), probe.Result);
    }

    [Theory]
    [InlineData(0xC2)] // progressive
    [InlineData(0xC1)] // extended sequential
    public void Jpeg_size_is_read_from_any_start_of_frame_marker(byte marker)
    {
        var info = ImageFormatSniffer.Identify(TestImages.Jpeg(640, 480, app1PayloadBytes: 100, startOfFrame: marker));

        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 640, 480), info);
    }

    [Fact]
    public void Bytes_that_are_no_image_are_unknown_without_a_size()
    {
        var info = ImageFormatSniffer.Identify("{\"error\":\"not an image, just JSON from a misbehaving provider\"}"u8);

        Assert.Equal(new ImageInfo(ImageFormat.Unknown, null, null), info);
        Assert.Null(info.ContentType);
        Assert.Null(info.Extension);
    }

    [Fact]
    public void A_truncated_png_is_still_recognised_by_its_signature()
    {
        var info = ImageFormatSniffer.Identify(TestImages.Png(10, 10).AsSpan(0, 9));

        Assert.Equal(ImageFormat.Png, info.Format);
        Assert.Null(info.Width);
    }

    [Fact]
    public void Detect_format_needs_only_the_signature()
    {
        Assert.Equal(ImageFormat.Png, ImageFormatSniffer.DetectFormat(TestImages.Png(3, 3).AsSpan(0, ImageFormatSniffer.SignatureLength)));
        Assert.Equal(ImageFormat.Jpeg, ImageFormatSniffer.DetectFormat(TestImages.Jpeg(3, 3).AsSpan(0, ImageFormatSniffer.SignatureLength)));
        Assert.Equal(ImageFormat.Gif, ImageFormatSniffer.DetectFormat(TestImages.Gif(3, 3).AsSpan(0, ImageFormatSniffer.SignatureLength)));
        Assert.Equal(ImageFormat.WebP, ImageFormatSniffer.DetectFormat(TestImages.WebPLossless(3, 3).AsSpan(0, ImageFormatSniffer.SignatureLength)));
    }

    [Theory]
    [InlineData(ImageFormat.Png, "image/png", "png")]
    [InlineData(ImageFormat.Jpeg, "image/jpeg", "jpg")]
    [InlineData(ImageFormat.WebP, "image/webp", "webp")]
    [InlineData(ImageFormat.Gif, "image/gif", "gif")]
    public void Each_format_has_its_content_type_and_extension(ImageFormat format, string contentType, string extension)
    {
        Assert.Equal(contentType, ImageFormats.ContentTypeOf(format));
        Assert.Equal(extension, ImageFormats.ExtensionOf(format));
        Assert.Equal(format, ImageFormats.FromContentType(contentType));
    }

    [Theory]
    [InlineData("IMAGE/JPEG; charset=binary", ImageFormat.Jpeg)]
    [InlineData("image/jpg", ImageFormat.Jpeg)]
    [InlineData("application/octet-stream", ImageFormat.Unknown)]
    [InlineData(null, ImageFormat.Unknown)]
    public void Declared_content_types_map_to_formats(string? contentType, ImageFormat expected) =>
        Assert.Equal(expected, ImageFormats.FromContentType(contentType));

    static (byte[] Bytes, ImageFormat Format, int Width, int Height) Sample(string kind) => kind switch
    {
        "png" => (TestImages.Png(37, 21), ImageFormat.Png, 37, 21),
        "jpeg" => (TestImages.Jpeg(1920, 1080), ImageFormat.Jpeg, 1920, 1080),
        "gif" => (TestImages.Gif(300, 200), ImageFormat.Gif, 300, 200),
        "webp-lossless" => (TestImages.WebPLossless(1024, 768), ImageFormat.WebP, 1024, 768),
        "webp-lossy" => (TestImages.WebPLossy(2048, 1152), ImageFormat.WebP, 2048, 1152),
        "webp-extended" => (TestImages.WebPExtended(5000, 70000), ImageFormat.WebP, 5000, 70000),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
