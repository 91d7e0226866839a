namespace DicomHub.Dicom.Data.Buffers;

/// <summary>A value held in memory.</summary>
public sealed class MemoryByteBuffer(ReadOnlyMemory<byte> bytes) : IByteBuffer
{
    public static MemoryByteBuffer Empty { get; } = new(ReadOnlyMemory<byte>.Empty);

    public long Length => bytes.Length;

    public bool IsInMemory => true;

    public ReadOnlyMemory<byte> Memory => bytes;

    public ValueTask CopyToAsync(Stream destination, CancellationToken cancellationToken = default) =>
        destination.WriteAsync(bytes, cancellationToken);

    public Stream OpenRead() => new ReadOnlyMemoryStream(bytes);
}
