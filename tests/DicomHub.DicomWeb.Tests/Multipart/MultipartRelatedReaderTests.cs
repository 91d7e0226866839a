using System.IO.Pipelines;
using DicomHub.DicomWeb.Multipart;
using static DicomHub.DicomWeb.Tests.Multipart.MultipartTestBodies;

namespace DicomHub.DicomWeb.Tests.Multipart;

public sealed class MultipartRelatedReaderTests
{
    private const string Boundary = "DicomHub-0123456789abcdef";

    public static TheoryData<string> Chunkings => ["whole", "one-byte", "random-1", "random-2", "random-3", "random-large"];

    private static Stream Chunked(byte[] body, string chunking) => chunking switch
    {
        "whole" => new MemoryStream(body),
        "one-byte" => ChunkedReadStream.OneByte(body),
        "random-1" => ChunkedReadStream.Random(body, 1),
        "random-2" => ChunkedReadStream.Random(body, 2, maxChunk: Boundary.Length + 4),
        "random-3" => ChunkedReadStream.Random(body, 3, maxChunk: 5),
        "random-large" => ChunkedReadStream.Random(body, 4, maxChunk: 70_000),
        _ => throw new ArgumentOutOfRangeException(nameof(chunking)),
    };

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Writer_output_reads_back_part_for_part_whatever_the_read_sizes(string chunking)
    {
        var contents = TrickyContents(Boundary);
        var body = await WriteAsync(Boundary, contents);

        foreach (var useCopyTo in new[] { false, true })
        {
            var parts = await ReadAllAsync(Chunked(body, chunking), Boundary, useCopyTo);

            Assert.Equal(contents.Length, parts.Count);
            for (var i = 0; i < contents.Length; i++)
            {
                Assert.Equal(contents[i], parts[i].Body);
                Assert.Equal("application/dicom", parts[i].Part.ContentType);
                Assert.Equal(contents[i].Length, parts[i].Part.ContentLength);
                Assert.Equal(i + 1, parts[i].Part.Number);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Reads_from_a_pipe_fed_in_small_writes(int writeSize)
    {
        var contents = TrickyContents(Boundary);
        var body = await WriteAsync(Boundary, contents);
        var pipe = new Pipe();
        var feeding = Task.Run(
            async () =>
            {
                for (var offset = 0; offset < body.Length; offset += writeSize)
                {
                    await pipe.Writer.WriteAsync(body.AsMemory(offset, Math.Min(writeSize, body.Length - offset)), TestContext.Current.CancellationToken);
                }

                await pipe.Writer.CompleteAsync();
            },
            TestContext.Current.CancellationToken);

        var reader = new MultipartRelatedReader(pipe.Reader, Boundary);
        var parts = await ReadAllAsync(reader);
        await feeding;

        Assert.Equal(contents, parts.Select(p => p.Body));
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Preamble_epilogue_and_transport_padding_are_ignored(string chunking)
    {
        var body = Ascii(
            "This is the preamble. It mentions --DicomHub-0123456789abcdef without a CRLF before it.\r\n" +
            $"--{Boundary}  \t\r\n" +
            "Content-Type: application/dicom\r\n\r\n" +
            "first\r\n" +
            $"--{Boundary} \r\n" +
            "content-type: application/dicom+json\r\nContent-Location: http://x/1\r\nContent-ID: <root@x>\r\n\r\n" +
            "{}\r\n" +
            $"--{Boundary}--  \r\n" +
            "This epilogue is ignored, even with --DicomHub-0123456789abcdef-- in it.\r\n");

        var parts = await ReadAllAsync(Chunked(body, chunking), Boundary);

        Assert.Equal(2, parts.Count);
        Assert.Equal("first", System.Text.Encoding.ASCII.GetString(parts[0].Body));
        Assert.Equal("{}", System.Text.Encoding.ASCII.GetString(parts[1].Body));
        Assert.Equal("application/dicom+json", parts[1].Part.ContentType);
        Assert.Equal("http://x/1", parts[1].Part.ContentLocation);
        Assert.Equal("<root@x>", parts[1].Part.ContentId);
        Assert.Null(parts[1].Part.ContentLength);
    }

    [Fact]
    public async Task The_CRLF_before_a_boundary_belongs_to_the_delimiter_not_the_part()
    {
        var body = Ascii($"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nline\r\n\r\n--{Boundary}--");

        var parts = await ReadAllAsync(new MemoryStream(body), Boundary);

        Assert.Equal("line\r\n", System.Text.Encoding.ASCII.GetString(Assert.Single(parts).Body));
    }

    [Fact]
    public async Task A_part_whose_headers_run_into_the_next_boundary_is_empty()
    {
        var body = Ascii($"--{Boundary}\r\nContent-Type: text/plain\r\n\r\n--{Boundary}\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--{Boundary}--\r\n");

        var parts = await ReadAllAsync(ChunkedReadStream.OneByte(body), Boundary);

        Assert.Equal(2, parts.Count);
        Assert.Empty(parts[0].Body);
        Assert.Equal("second", System.Text.Encoding.ASCII.GetString(parts[1].Body));
    }

    [Fact]
    public async Task Folded_header_lines_continue_the_previous_value()
    {
        var body = Ascii($"--{Boundary}\r\nContent-Type: multipart/related;\r\n\ttype=\"application/dicom\"\r\n\r\nx\r\n--{Boundary}--");

        var parts = await ReadAllAsync(new MemoryStream(body), Boundary);

        Assert.Equal("multipart/related; type=\"application/dicom\"", parts[0].Part.ContentType);
    }

    [Fact]
    public async Task Skipping_a_part_body_moves_on_and_the_skipped_stream_refuses_reads()
    {
        var contents = TrickyContents(Boundary);
        var body = await WriteAsync(Boundary, contents);
        await using var reader = new MultipartRelatedReader(ChunkedReadStream.Random(body, 9), Boundary);

        var first = await reader.ReadNextPartAsync(TestContext.Current.CancellationToken);
        var second = await reader.ReadNextPartAsync(TestContext.Current.CancellationToken);
        var rest = await ReadAllAsync(reader);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(contents.Skip(2), rest.Select(p => p.Body));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await first.Body.ReadExactlyAsync(new byte[10], TestContext.Current.CancellationToken));
        Assert.Null(await reader.ReadNextPartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_takes_the_boundary_from_a_quoted_Content_Type()
    {
        const string boundary = "a b=c:d?";
        var body = Ascii($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\nx\r\n--{boundary}--\r\n");

        await using var reader = MultipartRelatedReader.Create(new MemoryStream(body), $"multipart/related; type=\"application/dicom\"; boundary=\"{boundary}\"");
        var parts = await ReadAllAsync(reader);

        Assert.Equal("x", System.Text.Encoding.ASCII.GetString(Assert.Single(parts).Body));
    }

    [Fact]
    public async Task An_empty_multipart_body_has_no_parts()
    {
        var parts = await ReadAllAsync(new MemoryStream(Ascii($"--{Boundary}--\r\n")), Boundary);

        Assert.Empty(parts);
    }

    [Fact]
    public async Task Part_bodies_can_also_be_read_synchronously()
    {
        var contents = TrickyContents(Boundary);
        var body = await WriteAsync(Boundary, contents);
        await using var reader = new MultipartRelatedReader(ChunkedReadStream.Random(body, 5), Boundary);

        for (var i = 0; i < contents.Length; i++)
        {
            var part = await reader.ReadNextPartAsync(TestContext.Current.CancellationToken);
            var bytes = new MemoryStream();
            var chunk = new byte[13];
            int read;
            while ((read = i % 2 == 0 ? part!.Body.Read(chunk, 0, chunk.Length) : part!.Body.Read(chunk.AsSpan())) > 0)
            {
                bytes.Write(chunk, 0, read);
            }

            Assert.Equal(contents[i], bytes.ToArray());
        }

        Assert.Null(await reader.ReadNextPartAsync(TestContext.Current.CancellationToken));
    }
}
