namespace DicomHub.Dicom.Data.Buffers;

/// <summary>
/// A read-only stream over a range of an <see cref="IByteRangeSource"/> that opens the source only when first
/// read, from wherever it was positioned: seeking before the first read costs nothing, and a remote source is
/// asked only for the bytes after that point. Seeking after reading reopens the range there.
/// </summary>
internal sealed class DeferredRangeStream(IByteRangeSource source, long offset, long length) : Stream
{
    private Stream? _open;
    private long _openedAt;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            _position = Math.Clamp(value, 0, length);
            if (_open is not null && _openedAt != _position)
            {
                _open.Dispose();
                _open = null;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Synchronous readers of a remote source wait for it here; the toolkit's own readers use ReadAsync.</summary>
    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        _open ??= Open(source.OpenRangeAsync(offset + _position, length - _position).AsTask().GetAwaiter().GetResult());
        var read = _open.Read(buffer[..(int)Math.Min(buffer.Length, length - _position)]);
        Advance(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        _open ??= Open(await source.OpenRangeAsync(offset + _position, length - _position, cancellationToken).ConfigureAwait(false));
        var read = await _open.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - _position)], cancellationToken).ConfigureAwait(false);
        Advance(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _open?.Dispose();
            _open = null;
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_open is not null)
        {
            await _open.DisposeAsync().ConfigureAwait(false);
            _open = null;
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private Stream Open(Stream stream)
    {
        _openedAt = _position;
        return stream;
    }

    private void Advance(int read)
    {
        if (read == 0)
        {
            throw new EndOfStreamException($"'{source.Name}' ended at byte {offset + _position}, inside the value recorded at byte {offset} with length {length}: the source changed or was truncated.");
        }

        _position += read;
        _openedAt = _position;
    }
}
