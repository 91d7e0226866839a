namespace DicomHub.Dicom.Data.Buffers;

/// <summary>
/// A value left in its file: the reader records where it starts and how long it is, and the bytes are
/// read only when someone asks. Used for large values (Pixel Data) so that indexing stays cheap.
/// </summary>
public sealed class FileByteBuffer : IByteBuffer
{
    private const int ChunkSize = 1 << 20;
    private readonly Lock _gate = new();
    private ReadOnlyMemory<byte>? _loaded;

    public FileByteBuffer(string path, long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Path = path;
        Offset = offset;
        Length = length;
    }

    public string Path { get; }

    /// <summary>Byte offset of the value in the file.</summary>
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
                    throw new InvalidOperationException($"The value at byte {Offset} of '{Path}' is {Length} bytes, too large to load into memory; stream it with CopyToAsync instead.");
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

        await using var source = OpenRead();
        await source.CopyToAsync(destination, ChunkSize, cancellationToken).ConfigureAwait(false);
    }

    public Stream OpenRead()
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        if (file.Length < Offset + Length)
        {
            file.Dispose();
            throw new EndOfStreamException($"'{Path}' is {file.Length} bytes, shorter than the value recorded at byte {Offset} with length {Length}: the file changed or was truncated.");
        }

        return new SubStream(file, Offset, Length);
    }
}
