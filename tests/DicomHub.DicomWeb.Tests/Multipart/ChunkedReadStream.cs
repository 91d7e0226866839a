namespace DicomHub.DicomWeb.Tests.Multipart;

/// <summary>
/// Serves fixed bytes in reads of sizes the test chooses (1 byte, random sizes), the way a network delivers a
/// request: boundaries and header terminators end up split across reads.
/// </summary>
internal sealed class ChunkedReadStream(byte[] data, Func<int> nextChunkSize) : Stream
{
    private int _position;

    public static ChunkedReadStream OneByte(byte[] data) => new(data, () => 1);

    public static ChunkedReadStream Random(byte[] data, int seed, int maxChunk = 97)
    {
        var random = new Random(seed);
        return new ChunkedReadStream(data, () => random.Next(1, maxChunk + 1));
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(Math.Min(buffer.Length, nextChunkSize()), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
