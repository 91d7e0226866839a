namespace DicomHub.DicomWeb.Multipart;

/// <summary>
/// The body of one part: a forward-only stream that reads from the multipart reader up to the next
/// boundary. Its length is unknown until the boundary is seen, as the body is never buffered.
/// </summary>
internal sealed class MultipartBodyStream(MultipartRelatedReader reader, int partNumber) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("A multipart part's length is known only once its boundary has been read.");

    /// <summary>Bytes read from this part so far.</summary>
    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException("A multipart part is read forward only.");
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = await reader.ReadBodyAsync(partNumber, buffer, cancellationToken).ConfigureAwait(false);
        _read += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads block on the asynchronous path: the pipe underneath is asynchronous only.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var count = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, count).CopyTo(buffer);
            return count;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes the pipe's segments straight to <paramref name="destination"/>, without an intermediate copy.</summary>
    public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var counter = new DicomHub.Dicom.IO.CountingWriteStream(destination);
        await reader.CopyBodyToAsync(partNumber, counter, cancellationToken).ConfigureAwait(false);
        _read += counter.Written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A multipart part is read forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A multipart part is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A multipart part is read-only.");
}
