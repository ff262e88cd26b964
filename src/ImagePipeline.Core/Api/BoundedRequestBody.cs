using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ImagePipeline.Api;

/// <summary>
/// Reads a request body into memory, never more than a limit: a declared <c>Content-Length</c> over it is answered
/// 413 before anything is read, an undeclared (chunked) one as soon as the bytes read pass it. A body the server could
/// not read whole (shorter than its <c>Content-Length</c>, the connection dropped) is a 400, not a server error. Both
/// hosts read their bodies through here, so both answer the same.
/// </summary>
public static class BoundedRequestBody
{
    /// <summary>The name problems give the body under <c>errors</c>.</summary>
    public const string Field = "body";

    public static async Task<BoundedBodyRead> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes) return TooLarge(maxBytes, request.ContentLength);
        // The server then counts the bytes as they arrive, too.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        return await ReadAsync(request.Body, maxBytes, cancellationToken, request.ContentLength);
    }

    /// <param name="expectedLength">The declared length, when known: the buffer is sized once instead of doubling.</param>
    public static async Task<BoundedBodyRead> ReadAsync(Stream body, long maxBytes, CancellationToken cancellationToken, long? expectedLength = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream((int)Math.Min(expectedLength ?? 0, maxBytes));
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) return TooLarge(maxBytes, null);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes, null);
        }
        catch (BadHttpRequestException ex)
        {
            return Unreadable(ex.Message);
        }
        catch (IOException ex)
        {
            return Unreadable(ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        // The buffer itself, not a copy: a large body is held once.
        return new BoundedBodyRead(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
    }

    static BoundedBodyRead TooLarge(long maxBytes, long? declared) => new(null, Problems.Field(StatusCodes.Status413PayloadTooLarge,
        "The request body is too large.", Field, declared is { } length
            ? string.Create(CultureInfo.InvariantCulture, $"The body is {length} bytes; at most {maxBytes} bytes are accepted.")
            : string.Create(CultureInfo.InvariantCulture, $"The body is larger than the {maxBytes} bytes accepted.")));

    static BoundedBodyRead Unreadable(string reason) => new(null, Problems.Field(StatusCodes.Status400BadRequest,
        "The request body could not be read.", Field, $"The body ended before it was complete: {reason}"));
}
