namespace DicomHub.DicomWeb.Tests.Multipart;

/// <summary>
/// A read-only stream of <paramref name="length"/> bytes cycling 0..250, between an optional prefix and suffix
/// (multipart framing), produced without allocating so that a test can count the allocations of its reader.
/// </summary>
internal sealed class PatternStream(long length, byte[]? prefix = null, byte[]? suffix = null) : Stream
{
    // 251 is prime and the cycle never holds "\r\n--": no boundary can occur in the content.
    private static readonly byte[] Pattern = Enumerable.Range(0, 251 * 256).Select(i => (byte)(i % 251)).ToArray();

    private long _position;

    public static byte ByteAt(long position) => (byte)(position % 251);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => (prefix?.Length ?? 0) + length + (suffix?.Length ?? 0);

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var before = prefix?.Length ?? 0;
        if (_position < before)
        {
            var count = Math.Min(buffer.Length, (int)(before - _position));
            prefix.AsSpan((int)_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        if (_position >= before + length)
        {
            var offset = (int)(_position - before - length);
            var count = Math.Min(buffer.Length, (suffix?.Length ?? 0) - offset);
            suffix.AsSpan(offset, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        return ReadPattern(buffer, _position - before);
    }

    private int ReadPattern(Span<byte> buffer, long patternPosition)
    {
        var count = (int)Math.Min(buffer.Length, length - patternPosition);
        var written = 0;
        while (written < count)
        {
            var start = (int)((patternPosition + written) % 251);
            var run = Math.Min(count - written, Pattern.Length - start);
            Pattern.AsSpan(start, run).CopyTo(buffer[written..]);
            written += run;
        }

        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
