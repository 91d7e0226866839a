using System.Buffers;

namespace DicomHub.Archive.Ingest;

/// <summary>The instance is larger than <see cref="StorageOptions.MaxInstanceBytes"/>.</summary>
public sealed class InstanceTooLargeException(long limit)
    : IOException($"Instance exceeds Storage:MaxInstanceBytes ({limit} bytes).") // fits a DIMSE Error Comment (64)
{
    public long Limit { get; } = limit;
}

/// <summary>
/// What the ingest writes a staged blob through: it refuses more than a limit, and it keeps a copy of the
/// first <c>headCapacity</c> bytes in a pooled buffer. That head holds the header of almost every instance, so
/// the header is parsed from memory once the instance is staged (<see cref="HeadThenStagedStream"/>) instead of
/// opening and reading the staged file again: "parse the header while streaming", at the cost of one copy
/// of at most the capacity.
/// </summary>
internal sealed class StagingStream(Stream inner, long limit, int headCapacity = 0) : Stream
{
    private byte[]? _head = headCapacity > 0 ? ArrayPool<byte>.Shared.Rent(headCapacity) : null;
    private int _headLength;

    public long Written { get; private set; }

    /// <summary>The first bytes written, up to the capacity given (empty without one); valid until disposed.</summary>
    public ReadOnlyMemory<byte> Head => _head.AsMemory(0, _headLength);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Copies <paramref name="source"/> to its end into this stream. Read, then write: a refusal (the size limit)
    /// is raised between reads, never inside the source's own copy loop, so a multipart source stays consistent
    /// and can skip the rest of its part.
    /// </summary>
    public async Task CopyFromAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 17);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count(buffer);
        inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Returns the head's buffer to the pool; the inner stream belongs to the caller.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _head is { } head)
        {
            _head = null;
            _headLength = 0;
            ArrayPool<byte>.Shared.Return(head);
        }

        base.Dispose(disposing);
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        if (Written + bytes.Length > limit)
        {
            Written += bytes.Length;
            throw new InstanceTooLargeException(limit);
        }

        if (_head is { } head && _headLength < headCapacity)
        {
            var n = Math.Min(bytes.Length, headCapacity - _headLength);
            bytes[..n].CopyTo(head.AsSpan(_headLength));
            _headLength += n;
        }

        Written += bytes.Length;
    }
}
