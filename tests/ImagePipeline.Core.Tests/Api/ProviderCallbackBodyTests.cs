using ImagePipeline.Api;
using ImagePipeline.Tests.Imaging;

namespace ImagePipeline.Tests.Api;

/// <summary>The callback body cap: a body exactly at the cap is read whole, one byte more is refused, and a huge body is
/// refused after reading just past the cap (it is never buffered whole).</summary>
public sealed class ProviderCallbackBodyTests
{
    const int Cap = 1000;

    [Fact]
    public async Task A_body_at_the_cap_is_read_whole_even_in_small_pieces()
    {
        var content = Enumerable.Range(0, Cap).Select(i => (byte)i).ToArray();

        var read = await ProviderCallbackBody.ReadAsync(new TrickleStream(content, maxBytesPerRead: 7), Cap, CancellationToken.None);

        Assert.Equal(content, read);
    }

    [Fact]
    public async Task One_byte_over_the_cap_is_refused()
    {
        Assert.Null(await ProviderCallbackBody.ReadAsync(new MemoryStream(new byte[Cap + 1]), Cap, CancellationToken.None));
    }

    [Fact]
    public async Task A_ten_megabyte_body_is_refused_after_reading_just_past_the_cap()
    {
        using var body = new MemoryStream(new byte[10 * 1024 * 1024]);

        Assert.Null(await ProviderCallbackBody.ReadAsync(body, ProviderCallbackBody.MaxBytes, CancellationToken.None));
        Assert.Equal(ProviderCallbackBody.MaxBytes + 1, body.Position);
    }
}
