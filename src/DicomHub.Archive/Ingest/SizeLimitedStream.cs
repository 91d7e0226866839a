namespace DicomHub.Archive.Ingest;

/// <summary>The instance is larger than <see cref="StorageOptions.MaxInstanceBytes"/>.</summary>
public sealed class InstanceTooLargeException(long limit)
    : IOException($"The instance is larger than the archive's limit of {limit} bytes (Storage:MaxInstanceBytes).")
{
    public long Limit { get; } = limit;
}

/// <summary>A write-through stream that throws once more than a limit has been written.</summary>
internal sealed class SizeLimitedStream(Stream inner, long limit) : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count(buffer.Length);
        inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Count(int bytes)
    {
        Written += bytes;
        if (Written > limit)
        {
            throw new InstanceTooLargeException(limit);
        }
    }
}
