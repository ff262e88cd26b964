using System.Runtime.CompilerServices;

namespace ImagePipeline.Security;

/// <summary>A response body that ends in an <see cref="OutboundRequestRefusedException"/> past <c>maxBytes</c>, and
/// whose reads are cancelled when the whole request's deadline passes, so a slow or endless body cannot hold the server.</summary>
internal sealed class BoundedResponseStream(Stream inner, long maxBytes, CancellationTokenSource deadline) : Stream
{
    long _read;
    CancellationTokenSource? _linked;
    CancellationToken _linkedFor;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Pooled: a copy loop reads a large body in hundreds of chunks, and each read would otherwise box its state machine.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await inner.ReadAsync(buffer, TokenFor(cancellationToken)));
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("The response body did not arrive in time.", ex);
        }
    }

    /// <summary>The deadline joined with the caller's token. A copy loop passes one token to every read, so the linked
    /// source is made once per token, not once per chunk.</summary>
    CancellationToken TokenFor(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled) return deadline.Token;
        if (_linked is null || _linkedFor != cancellationToken)
        {
            _linked?.Dispose();
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            _linkedFor = cancellationToken;
        }
        return _linked.Token;
    }

    int Count(int read)
    {
        _read += read;
        if (_read > maxBytes) throw new OutboundRequestRefusedException($"The response body is larger than {maxBytes} bytes.");
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _linked?.Dispose();
            deadline.Dispose();
        }
        base.Dispose(disposing);
    }
}
