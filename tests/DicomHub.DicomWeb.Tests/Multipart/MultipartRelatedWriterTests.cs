using System.Text;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.DicomWeb.Multipart;
using DicomHub.Testing;
using static DicomHub.DicomWeb.Tests.Multipart.MultipartTestBodies;

namespace DicomHub.DicomWeb.Tests.Multipart;

public sealed class MultipartRelatedWriterTests
{
    [Fact]
    public async Task Writes_the_RFC_2046_layout_byte_for_byte()
    {
        var output = new MemoryStream();
        var writer = new MultipartRelatedWriter(output, "B");

        await writer.WritePartAsync("application/dicom", Ascii("one"), [new("Content-Location", "/studies/1")], TestContext.Current.CancellationToken);
        await writer.WritePartAsync("application/dicom", new MemoryByteBuffer(Ascii("two")), cancellationToken: TestContext.Current.CancellationToken);
        await writer.CompleteAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            "--B\r\nContent-Type: application/dicom\r\nContent-Length: 3\r\nContent-Location: /studies/1\r\n\r\none" +
            "\r\n--B\r\nContent-Type: application/dicom\r\nContent-Length: 3\r\n\r\ntwo" +
            "\r\n--B--\r\n",
            Encoding.ASCII.GetString(output.ToArray()));
        Assert.Equal(output.Length, writer.BytesWritten);
        Assert.Equal(2, writer.PartCount);
        Assert.Equal("multipart/related; type=\"application/dicom\"; boundary=B", writer.ContentType("application/dicom"));
    }

    [Fact]
    public async Task Streams_a_file_buffer_without_loading_it()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("value.bin");
        var content = RandomBytes(300_000, seed: 11);
        await File.WriteAllBytesAsync(path, [.. new byte[10], .. content], TestContext.Current.CancellationToken);
        var buffer = new FileByteBuffer(path, 10, content.Length);
        var output = new MemoryStream();
        var writer = new MultipartRelatedWriter(output);

        await writer.WritePartAsync("application/octet-stream", buffer, cancellationToken: TestContext.Current.CancellationToken);
        await writer.CompleteAsync(TestContext.Current.CancellationToken);

        Assert.False(buffer.IsInMemory);
        output.Position = 0;
        var parts = await ReadAllAsync(output, writer.Boundary);
        Assert.Equal(content, Assert.Single(parts).Body);
    }

    [Fact]
    public async Task A_source_shorter_than_declared_is_an_error_not_a_corrupt_body()
    {
        var writer = new MultipartRelatedWriter(new MemoryStream());

        var error = await Assert.ThrowsAsync<IOException>(() => writer.WritePartAsync("application/dicom", new ShrinkingStream(), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("changed while it was being sent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_header_injection_and_writes_after_completion()
    {
        var writer = new MultipartRelatedWriter(new MemoryStream());

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WritePartAsync("application/dicom\r\nX-Evil: 1", Ascii("x"), cancellationToken: TestContext.Current.CancellationToken));
        await writer.CompleteAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WritePartAsync("application/dicom", Ascii("x"), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Refuses_an_invalid_boundary()
    {
        Assert.Throws<ArgumentException>(() => new MultipartRelatedWriter(new MemoryStream(), "bad;boundary"));
    }

    /// <summary>Claims 100 bytes but yields 10, like a file truncated while being sent.</summary>
    private sealed class ShrinkingStream : MemoryStream
    {
        public ShrinkingStream()
            : base(new byte[10])
        {
        }

        public override long Length => 100;
    }
}
