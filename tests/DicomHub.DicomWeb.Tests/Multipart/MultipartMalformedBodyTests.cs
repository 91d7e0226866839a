using DicomHub.DicomWeb.Multipart;
using static DicomHub.DicomWeb.Tests.Multipart.MultipartTestBodies;

namespace DicomHub.DicomWeb.Tests.Multipart;

/// <summary>Each broken body fails with a MultipartException that names the cause, in any read size.</summary>
public sealed class MultipartMalformedBodyTests
{
    private const string Boundary = "b0undary";

    private static async Task<MultipartException> ReadFailsAsync(string body, bool oneByte)
    {
        var bytes = Ascii(body);
        Stream stream = oneByte ? ChunkedReadStream.OneByte(bytes) : new MemoryStream(bytes);
        return await Assert.ThrowsAsync<MultipartException>(() => ReadAllAsync(stream, Boundary));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Truncated_inside_a_part(bool oneByte)
    {
        var error = await ReadFailsAsync($"--{Boundary}\r\nContent-Type: application/dicom\r\n\r\nDICM and then noth", oneByte);

        Assert.Contains("ended inside part 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.PartNumber);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Truncated_inside_the_boundary_itself(bool oneByte)
    {
        var error = await ReadFailsAsync($"--{Boundary}\r\nContent-Type: application/dicom\r\n\r\ndata\r\n--b0und", oneByte);

        Assert.Contains("ended inside part 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Missing_closing_boundary(bool oneByte)
    {
        var error = await ReadFailsAsync($"--{Boundary}\r\nContent-Type: application/dicom\r\n\r\ndata\r\n", oneByte);

        Assert.Contains($"'--{Boundary}--' is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_ends_right_after_a_boundary(bool oneByte)
    {
        var error = await ReadFailsAsync($"--{Boundary}\r\nContent-Type: application/dicom\r\n\r\ndata\r\n--{Boundary}", oneByte);

        Assert.Contains("ends right after the boundary", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Truncated_in_the_headers(bool oneByte)
    {
        var error = await ReadFailsAsync($"--{Boundary}\r\nContent-Type: applica", oneByte);

        Assert.Contains("ended in the headers of part 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Wrong_boundary(bool oneByte)
    {
        var error = await ReadFailsAsync("--other\r\nContent-Type: application/dicom\r\n\r\ndata\r\n--other--\r\n", oneByte);

        Assert.Contains($"No boundary '--{Boundary}' was found", error.Message, StringComparison.Ordinal);
        Assert.Contains("starts with \"--other", error.Message, StringComparison.Ordinal);
        Assert.Null(error.PartNumber);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_longer_boundary_that_starts_with_ours_is_not_ours(bool oneByte)
    {
        var error = await ReadFailsAsync($"--{Boundary}XYZ\r\nContent-Type: application/dicom\r\n\r\ndata\r\n--{Boundary}XYZ--\r\n", oneByte);

        Assert.Contains("at byte 0 is followed by \"X", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_part_that_starts_with_content_instead_of_headers(bool oneByte)
    {
        var error = await ReadFailsAsync($"--{Boundary}\r\n\0\0\0\0DICM binary\r\n--{Boundary}--\r\n", oneByte);

        Assert.Contains("Part 1 of the multipart body", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no headers", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.PartNumber);
    }

    [Fact]
    public async Task A_part_with_an_empty_header_section()
    {
        var error = await ReadFailsAsync($"--{Boundary}\r\n\r\ncontent\r\n--{Boundary}--\r\n", oneByte: false);

        Assert.Contains("header section is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_line_without_a_colon()
    {
        var error = await ReadFailsAsync($"--{Boundary}\r\nContent-Type application/dicom\r\n\r\ncontent\r\n--{Boundary}--\r\n", oneByte: false);

        Assert.Contains("is not 'Name: value'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_content_without_a_blank_line_within_the_header_limit()
    {
        var body = new MemoryStream();
        body.Write(Ascii($"--{Boundary}\r\n"));
        body.Write(RandomBytes(3 * MultipartRelatedReader.DefaultMaxHeaderBytes, seed: 3).Select(b => b is (byte)'\r' or (byte)'\n' ? (byte)0 : b).ToArray());
        body.Position = 0;

        var error = await Assert.ThrowsAsync<MultipartException>(() => ReadAllAsync(body, Boundary));

        Assert.Contains($"no blank line ends its header section within {MultipartRelatedReader.DefaultMaxHeaderBytes} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_body()
    {
        var error = await ReadFailsAsync(string.Empty, oneByte: false);

        Assert.Contains("0-byte multipart body", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/dicom", "expected multipart/related")]
    [InlineData("multipart/related; type=\"application/dicom\"", "no boundary parameter")]
    [InlineData("multipart/related; boundary=\"abc", "unterminated quoted string")]
    [InlineData("", "empty")]
    public void Unusable_Content_Type_headers_are_refused(string contentType, string expected)
    {
        var error = Assert.Throws<MultipartException>(() => MultipartRelatedContentType.Parse(contentType));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
