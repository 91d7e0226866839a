namespace DicomHub.Dicom.Data.Buffers;

/// <summary>
/// Somewhere lazy values can be read back from by byte range: a local file, an object in a blob store, a file
/// still being staged. A reader records where a large value starts and how long it is
/// (<see cref="RangeByteBuffer"/>) and asks for exactly that range when the bytes are wanted.
/// </summary>
public interface IByteRangeSource
{
    /// <summary>What the bytes are (a file name, a blob key), for error messages.</summary>
    string Name { get; }

    /// <summary>A stream of bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).</summary>
    ValueTask<Stream> OpenRangeAsync(long offset, long length, CancellationToken cancellationToken = default);
}
