namespace DicomHub.Dicom.Data.Buffers;

/// <summary>
/// The bytes of one value, in little-endian order whatever the transfer syntax they came from. A buffer
/// may sit in memory or stay on disk until asked for, which is how a 500 MB Pixel Data value can be
/// indexed without being loaded.
/// </summary>
public interface IByteBuffer
{
    long Length { get; }

    /// <summary>True when <see cref="Memory"/> is free: no I/O, no allocation.</summary>
    bool IsInMemory { get; }

    /// <summary>The bytes, loaded on first use when the buffer is lazy (values over 2 GB cannot be loaded).</summary>
    ReadOnlyMemory<byte> Memory { get; }

    /// <summary>Streams the bytes without loading them all (a lazy buffer reads in chunks).</summary>
    ValueTask CopyToAsync(Stream destination, CancellationToken cancellationToken = default);

    /// <summary>A read-only stream over the bytes.</summary>
    Stream OpenRead();

    /// <summary>
    /// Reads bytes [<paramref name="offset"/>, <paramref name="offset"/> + destination length) of the value; a lazy
    /// buffer reads only that slice (one frame of a multi-frame value), never the whole value.
    /// </summary>
    async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, Length, nameof(offset));
        if (IsInMemory)
        {
            Memory.Slice((int)offset, destination.Length).CopyTo(destination);
            return;
        }

        var stream = OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(offset, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }
}
