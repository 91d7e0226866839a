namespace DicomHub.Archive.Ingest;

/// <summary>
/// Reads a staged instance back for parsing: its first bytes from the copy kept while it was written
/// (<see cref="StagingStream.Head"/>), anything beyond them from the staged blob, which is opened only if
/// the parser gets there (a header longer than the head, or elements after Pixel Data). Seekable, so the
/// parser skips large values it leaves in the file rather than reading them.
/// </summary>
internal sealed class HeadThenStagedStream(ReadOnlyMemory<byte> head, Func<Stream> openStaged, long length) : Stream
{
    private long _position;
    private Stream? _file;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        if (_position < head.Length)
        {
            read = Math.Min(buffer.Length, head.Length - (int)_position);
            head.Span.Slice((int)_position, read).CopyTo(buffer);
        }
        else
        {
            _file ??= openStaged();
            if (_file.Position != _position)
            {
                _file.Position = _position;
            }

            read = _file.Read(buffer[..(int)Math.Min(buffer.Length, length - _position)]);
        }

        _position += read;
        return read;
    }

    /// <summary>Synchronous underneath: memory, or the local staged file whose pages were just written (in the page cache).</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
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
            _file?.Dispose();
            _file = null;
        }

        base.Dispose(disposing);
    }
}
