using System.Text;
using DicomHub.DicomWeb.Multipart;

namespace DicomHub.DicomWeb.Tests.Multipart;

[CollectionDefinition(nameof(MemoryMeasuringCollection), DisableParallelization = true)]
public sealed class MemoryMeasuringCollection;

/// <summary>
/// A part larger than 2 GB passes through the reader and the writer allocating a small fraction of its size in
/// total: the part is never held in memory. Runs alone so that the process-wide allocation count
/// measures this test only.
/// </summary>
[Collection(nameof(MemoryMeasuringCollection))]
public sealed class HugePartTests
{
    private const string Boundary = "DicomHub-huge";
    private const long PartLength = (2L << 30) + 12345; // past int.MaxValue: no 32-bit length may sneak in
    // Pipe segments churn a little garbage per 64 KB read (about 1%); holding the part would allocate all 2 GB.
    private const long AllocationBudget = 64L << 20;

    [Fact]
    public async Task The_reader_streams_a_part_over_2_GB_with_bounded_allocation()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var prefix = Encoding.ASCII.GetBytes($"preamble\r\n--{Boundary}\r\nContent-Type: text/plain\r\n\r\nsmall\r\n--{Boundary}\r\nContent-Type: application/dicom\r\n\r\n");
        var suffix = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");
        var body = new PatternStream(PartLength, prefix, suffix);
        var sink = new VerifyingSink();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        await using var reader = new MultipartRelatedReader(body, Boundary);
        var small = await reader.ReadNextPartAsync(cancellation);
        var huge = await reader.ReadNextPartAsync(cancellation);
        await huge!.Body.CopyToAsync(sink, cancellation);
        var end = await reader.ReadNextPartAsync(cancellation);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal("text/plain", small!.ContentType);
        Assert.Null(end);
        Assert.Equal(PartLength, sink.Length);
        Assert.Equal(PartLength, huge.Body.Position);
        Assert.Equal(body.Length - "\r\n".Length, reader.Position); // the epilogue after "--" is left unread
        Assert.True(allocated < AllocationBudget, $"reading {PartLength} bytes allocated {allocated} bytes (budget {AllocationBudget})");
    }

    [Fact]
    public async Task The_writer_streams_a_part_over_2_GB_with_bounded_allocation()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var sink = new CountingSink();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var writer = new MultipartRelatedWriter(sink, Boundary);
        await writer.WritePartAsync("application/dicom", new PatternStream(PartLength), cancellationToken: cancellation);
        await writer.CompleteAsync(cancellation);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        // The pattern stream cannot seek, so its length is unknown and no Content-Length header is written.
        var framing = $"--{Boundary}\r\nContent-Type: application/dicom\r\n\r\n\r\n--{Boundary}--\r\n".Length;
        Assert.Equal(PartLength + framing, sink.Length);
        Assert.Equal(sink.Length, writer.BytesWritten);
        Assert.True(allocated < AllocationBudget, $"writing {PartLength} bytes allocated {allocated} bytes (budget {AllocationBudget})");
    }

    /// <summary>Counts what is written and keeps nothing.</summary>
    private class CountingSink : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Check(buffer, _length);
            _length += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected virtual void Check(ReadOnlySpan<byte> buffer, long position)
        {
        }
    }

    /// <summary>Checks the first and last byte of every write against the pattern: catches lost, doubled or shifted chunks.</summary>
    private sealed class VerifyingSink : CountingSink
    {
        protected override void Check(ReadOnlySpan<byte> buffer, long position)
        {
            if (buffer.Length > 0 && (buffer[0] != PatternStream.ByteAt(position) || buffer[^1] != PatternStream.ByteAt(position + buffer.Length - 1)))
            {
                throw new InvalidDataException($"content differs near byte {position}");
            }
        }
    }
}
