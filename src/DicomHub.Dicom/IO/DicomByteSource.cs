using System.Buffers;

namespace DicomHub.Dicom.IO;

/// <summary>
/// Buffered reading of a stream for the parser: headers are peeked from a buffer (no per-element stream
/// call), values are copied once into their own arrays, and the absolute position is tracked so that
/// errors and lazy values can name byte offsets. Works on non-seekable streams; on seekable ones it also
/// knows how many bytes remain, which lets the parser refuse absurd lengths before allocating.
/// </summary>
internal sealed class DicomByteSource : IDisposable
{
    private const int BufferSize = 64 * 1024;

    // Small values are copied into shared slabs: one allocation per few KB instead of one per element.
    // Slabs start small (a command set needs a few hundred bytes) and grow to SlabSizeLimit.
    private const int FirstSlabSize = 1024;
    private const int SlabSizeLimit = 16 * 1024;
    private const int SlabValueLimit = 256;

    // A non-seekable stream cannot say how much is left, so a huge claimed length grows the value in
    // steps of this size: memory follows the bytes actually received, not the length claimed.
    private const int GrowthChunk = 4 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly bool _readSynchronously;
    private readonly long _streamLength;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private long _origin;
    private bool _endOfStream;
    private byte[] _slab = [];
    private int _slabUsed;

    public DicomByteSource(Stream stream, string? filePath = null, Data.Buffers.IByteRangeSource? rangeSource = null)
    {
        _stream = stream;
        FilePath = filePath;
        RangeSource = rangeSource;

        // Local files and memory never block for long: synchronous reads skip a thread-pool hop per refill.
        _readSynchronously = stream is FileStream or MemoryStream or UnmanagedMemoryStream or Data.Buffers.ReadOnlyMemoryStream;
        if (stream.CanSeek)
        {
            _origin = stream.Position;
            _streamLength = stream.Length;
        }
        else
        {
            _streamLength = -1;
        }
    }

    /// <summary>The path of a file stream that lazy values can be read back from later, else null.</summary>
    public static string? FilePathOf(Stream stream) =>
        stream is FileStream { CanSeek: true } file && Path.IsPathRooted(file.Name) && File.Exists(file.Name) ? file.Name : null;

    /// <summary>The file the stream reads, when values may be left there lazily; otherwise null.</summary>
    public string? FilePath { get; }

    /// <summary>Where lazy values can be read back from when the stream is not a local file (a blob store); otherwise null.</summary>
    public Data.Buffers.IByteRangeSource? RangeSource { get; }

    /// <summary>Absolute position of the next unread byte.</summary>
    public long Position => _origin + _start;

    public int Available => _end - _start;

    /// <summary>The buffered, unread bytes.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Bytes left until the end of the stream, or -1 when the stream cannot tell.</summary>
    public long Remaining => _streamLength < 0 ? -1 : Math.Max(0, _streamLength - Position);

    /// <summary>True when at least <paramref name="count"/> bytes are buffered (reading more if needed).</summary>
    public ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken) =>
        Available >= count ? ValueTask.FromResult(true) : FillAsync(count, cancellationToken);

    public void Advance(int count) => _start += count;

    /// <summary>
    /// Reads a value of <paramref name="length"/> bytes into memory of its own (or a slab slice), or null
    /// when the stream ends first. The caller has checked the length against <see cref="Remaining"/>.
    /// </summary>
    public async ValueTask<Memory<byte>?> ReadValueAsync(long length, CancellationToken cancellationToken)
    {
        if (length <= Available)
        {
            var n = (int)length;
            var copy = n <= SlabValueLimit ? RentSlab(n) : GC.AllocateUninitializedArray<byte>(n);
            Span[..n].CopyTo(copy.Span);
            _start += n;
            return copy;
        }

        if (length > Array.MaxLength)
        {
            return null;
        }

        // Known remaining bytes (seekable) or a modest length: allocate exactly once.
        // Uninitialized: every byte is overwritten below (or the array is dropped when the stream ends).
        var initial = _streamLength >= 0 || length <= GrowthChunk ? (int)length : GrowthChunk;
        var value = GC.AllocateUninitializedArray<byte>(initial);
        var filled = Available;
        Span.CopyTo(value);
        DiscardBuffer();
        while (filled < length)
        {
            if (filled == value.Length)
            {
                Array.Resize(ref value, (int)Math.Min(length, (long)value.Length * 2));
            }

            var read = await ReadStreamAsync(value.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
                return null;
            }

            filled += read;
            _origin += read;
        }

        return value;
    }

    /// <summary>Skips <paramref name="length"/> bytes (seeking when possible); false when the stream ends first.</summary>
    public async ValueTask<bool> SkipAsync(long length, CancellationToken cancellationToken)
    {
        if (length <= Available)
        {
            _start += (int)length;
            return true;
        }

        var rest = length - Available;
        DiscardBuffer();
        if (_stream.CanSeek)
        {
            if (rest > Remaining)
            {
                return false;
            }

            _stream.Seek(rest, SeekOrigin.Current);
            _origin += rest;
            return true;
        }

        while (rest > 0)
        {
            var read = await ReadStreamAsync(_buffer.AsMemory(0, (int)Math.Min(rest, _buffer.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
                return false;
            }

            rest -= read;
            _origin += read;
        }

        return true;
    }

    /// <summary>
    /// A stream of everything not yet consumed: the buffered bytes, then the rest of the underlying stream.
    /// Used to hand the data set after the file meta to a decompressor.
    /// </summary>
    public Stream DetachRemainder()
    {
        var buffered = Span.ToArray();
        DiscardBuffer();
        return new PrefixedStream(buffered, _stream);
    }

    /// <summary>Returns the read buffer to the pool; values already read do not live in it.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _start = _end = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Memory<byte> RentSlab(int length)
    {
        if (_slab.Length - _slabUsed < length)
        {
            _slab = new byte[Math.Clamp(_slab.Length * 2, FirstSlabSize, SlabSizeLimit)];
            _slabUsed = 0;
        }

        var slice = _slab.AsMemory(_slabUsed, length);
        _slabUsed += length;
        return slice;
    }

    private void DiscardBuffer()
    {
        _origin += _end;
        _start = 0;
        _end = 0;
    }

    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_endOfStream)
        {
            return false;
        }

        if (_buffer.Length - _start < count)
        {
            var target = count > _buffer.Length ? ArrayPool<byte>.Shared.Rent(Math.Max(count, _buffer.Length * 2)) : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, Available);
            if (target != _buffer)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = target;
            _origin += _start;
            _end -= _start;
            _start = 0;
        }

        while (Available < count)
        {
            var read = await ReadStreamAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
                return false;
            }

            _end += read;
        }

        return true;
    }

    private ValueTask<int> ReadStreamAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_readSynchronously)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(_stream.Read(destination.Span));
        }

        return _stream.ReadAsync(destination, cancellationToken);
    }
}
