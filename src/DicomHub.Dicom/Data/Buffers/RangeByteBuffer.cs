namespace DicomHub.Dicom.Data.Buffers;

/// <summary>
/// A value left where it was read from, found again by byte range through an <see cref="IByteRangeSource"/>:
/// the same idea as <see cref="FileByteBuffer"/>, for sources that are not local files (an object store).
/// Reading a slice (<see cref="ReadAsync"/>) asks the source for that slice only.
/// </summary>
public sealed class RangeByteBuffer : IByteBuffer
{
    private const int ChunkSize = 1 << 20;
    private readonly Lock _gate = new();
    private ReadOnlyMemory<byte>? _loaded;

    public RangeByteBuffer(IByteRangeSource source, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Source = source;
        Offset = offset;
        Length = length;
    }

    public IByteRangeSource Source { get; }

    /// <summary>Byte offset of the value in the source.</summary>
    public long Offset { get; }

    public long Length { get; }

    public bool IsInMemory => _loaded.HasValue;

    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            lock (_gate)
            {
                if (_loaded is { } loaded)
                {
                    return loaded;
                }

                if (Length > Array.MaxLength)
                {
                    throw new InvalidOperationException($"The value at byte {Offset} of '{Source.Name}' is {Length} bytes, too large to load into memory; stream it with CopyToAsync instead.");
                }

                var bytes = new byte[Length];
                using var stream = OpenRead();
                stream.ReadExactly(bytes);
                _loaded = bytes;
                return bytes;
            }
        }
    }

    public async ValueTask CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        if (_loaded is { } loaded)
        {
            await destination.WriteAsync(loaded, cancellationToken).ConfigureAwait(false);
            return;
        }

        var source = await Source.OpenRangeAsync(Offset, Length, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(destination, ChunkSize, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A stream that asks the source for the range on its first read (or only the part after a seek).</summary>
    public Stream OpenRead() => new DeferredRangeStream(Source, Offset, Length);

    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Bytes {offset}..{offset + destination.Length} lie outside the {Length}-byte value.");
        }

        if (_loaded is { } loaded)
        {
            loaded.Slice((int)offset, destination.Length).CopyTo(destination);
            return;
        }

        var source = await Source.OpenRangeAsync(Offset + offset, destination.Length, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await source.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }
}
