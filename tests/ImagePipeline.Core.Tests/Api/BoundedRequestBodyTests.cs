using ImagePipeline.Api;
using ImagePipeline.Tests.Imaging;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.Tests.Api;

/// <summary>The body cap (provider callbacks use it with <see cref="GenerationApi.MaxCallbackBodyBytes"/>): a body exactly
/// at the cap is read whole, one byte more is a 413, and a huge body is refused long before it is read whole.</summary>
public sealed class BoundedRequestBodyTests
{
    const int Cap = 1000;

    [Fact]
    public async Task A_body_at_the_cap_is_read_whole_even_in_small_pieces()
    {
        var content = Enumerable.Range(0, Cap).Select(i => (byte)i).ToArray();

        var read = await BoundedRequestBody.ReadAsync(new TrickleStream(content, maxBytesPerRead: 7), Cap, CancellationToken.None);

        Assert.Null(read.Problem);
        Assert.Equal(content, read.Content.ToArray());
    }

    [Fact]
    public async Task One_byte_over_the_cap_is_413()
    {
        var read = await BoundedRequestBody.ReadAsync(new MemoryStream(new byte[Cap + 1]), Cap, CancellationToken.None);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, read.Problem?.StatusCode);
    }

    [Fact]
    public async Task A_ten_megabyte_callback_is_refused_after_reading_little_past_the_cap()
    {
        using var body = new MemoryStream(new byte[10 * 1024 * 1024]);

        var read = await BoundedRequestBody.ReadAsync(body, GenerationApi.MaxCallbackBodyBytes, CancellationToken.None);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, read.Problem?.StatusCode);
        Assert.True(body.Position <= GenerationApi.MaxCallbackBodyBytes + 128 * 1024, $"read {body.Position} bytes");
    }
}
