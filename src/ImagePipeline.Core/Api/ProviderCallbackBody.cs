using System.Buffers;

namespace ImagePipeline.Api;

/// <summary>Reads a provider webhook body up to a cap. Real deliveries are a few KiB (one generation object, one Runware
/// result item); anything near the cap is not a provider talking, so it is refused before it is buffered whole.</summary>
public static class ProviderCallbackBody
{
    /// <summary>The largest callback body accepted (256 KiB); larger ones are answered 413.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The body's bytes, or null as soon as more than <paramref name="maxBytes"/> have arrived.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        // One byte more than allowed tells "exactly at the cap" from "over it" without reading further; pooled, as a
        // buffer this size would otherwise land on the large object heap on every delivery.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes && (read = await body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken)) > 0)
                length += read;
            return length > maxBytes ? null : buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
