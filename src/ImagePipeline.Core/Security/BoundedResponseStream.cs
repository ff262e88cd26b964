namespace ImagePipeline.Security;

/// <summary>A response body that ends in an <see cref="OutboundRequestRefusedException"/> past <c>maxBytes</c>, and
/// whose reads are cancelled when the whole request's deadline passes, so a slow or endless body cannot hold the server.</summary>
internal sealed class BoundedResponseStream(Stream inner, long maxBytes, CancellationTokenSource deadline) : Stream
{
    long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return Count(await inner.ReadAsync(buffer, linked.Token));
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("The response body did not arrive in time.", ex);
        }
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
            deadline.Dispose();
        }
        base.Dispose(disposing);
    }
}
