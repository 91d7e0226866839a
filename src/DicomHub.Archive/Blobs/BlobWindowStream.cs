namespace DicomHub.Archive.Blobs;

/// <summary>
/// A seekable read-only stream over a blob of a store whose own streams are sequential (an object store):
/// it reads windows of the blob by range and serves reads from the current window, so a parser that seeks
/// past large values (pixel data) never downloads them. Reads longer than a window go straight to a range
/// request of their own.
/// </summary>
public sealed class BlobWindowStream(IBlobStore blobs, string key, long length, int windowSize = BlobWindowStream.DefaultWindow) : Stream
{
    public const int DefaultWindow = 1 << 20;

    private byte[] _window = [];
    private long _windowStart;
    private int _windowLength;
    private long _position;

    /// <summary>The store's own stream when it can seek (a local file), else a window stream over ranges.</summary>
    public static async Task<Stream> OpenSeekableAsync(IBlobStore blobs, string key, CancellationToken cancellationToken)
    {
        var stream = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek)
        {
            return stream;
        }

        await stream.DisposeAsync().ConfigureAwait(false);
        var length = await blobs.GetLengthAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new BlobNotFoundException(key);
        return new BlobWindowStream(blobs, key, length);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        if (_position < _windowStart || _position >= _windowStart + _windowLength)
        {
            if (wanted >= windowSize)
            {
                await ReadRangeAsync(_position, buffer[..wanted], cancellationToken).ConfigureAwait(false);
                _position += wanted;
                return wanted;
            }

            _windowStart = _position;
            _windowLength = (int)Math.Min(windowSize, length - _position);
            if (_window.Length < _windowLength)
            {
                _window = new byte[_windowLength];
            }

            await ReadRangeAsync(_windowStart, _window.AsMemory(0, _windowLength), cancellationToken).ConfigureAwait(false);
        }

        var inWindow = (int)(_position - _windowStart);
        var count = Math.Min(wanted, _windowLength - inWindow);
        _window.AsMemory(inWindow, count).CopyTo(buffer);
        _position += count;
        return count;
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

    private async Task ReadRangeAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var range = await blobs.OpenRangeAsync(key, offset, destination.Length, cancellationToken).ConfigureAwait(false);
        await using (range.ConfigureAwait(false))
        {
            await range.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }
}
