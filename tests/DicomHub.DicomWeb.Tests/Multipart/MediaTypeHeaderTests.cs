using DicomHub.DicomWeb.Multipart;

namespace DicomHub.DicomWeb.Tests.Multipart;

public sealed class MediaTypeHeaderTests
{
    [Fact]
    public void Parses_quoted_and_unquoted_parameters_case_insensitively()
    {
        var header = MediaTypeHeader.Parse("Multipart/Related; TYPE=\"application/dicom\"; boundary=abc123;start=\"<a\\\"b>\" ; transfer-syntax=1.2.840.10008.1.2.1");

        Assert.Equal("multipart/related", header.MediaType);
        Assert.Equal("application/dicom", header["type"]);
        Assert.Equal("abc123", header["Boundary"]);
        Assert.Equal("<a\"b>", header["start"]);
        Assert.Equal("1.2.840.10008.1.2.1", header["transfer-syntax"]);
        Assert.Null(header["missing"]);
    }

    [Fact]
    public void Multipart_related_content_type_exposes_its_parameters()
    {
        var contentType = MultipartRelatedContentType.Parse("multipart/related; type=\"application/dicom+json\"; boundary=\"x y\"; start=\"<root>\"");

        Assert.Equal("x y", contentType.Boundary);
        Assert.Equal("application/dicom+json", contentType.Type);
        Assert.Equal("<root>", contentType.Start);
    }

    [Fact]
    public void Formats_with_quotes_only_where_needed_and_reparses()
    {
        var text = new MultipartRelatedContentType("DicomHub-1", "application/dicom", transferSyntax: "*").ToString();

        Assert.Equal("multipart/related; type=\"application/dicom\"; transfer-syntax=*; boundary=DicomHub-1", text);
        var back = MultipartRelatedContentType.Parse(text);
        Assert.Equal("DicomHub-1", back.Boundary);
        Assert.Equal("*", back.TransferSyntax);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("a/b/c")]
    [InlineData("a/b; novalue")]
    [InlineData("a/b; q=\"x\" y")]
    public void Rejects_malformed_media_types(string value)
    {
        Assert.False(MediaTypeHeader.TryParse(value, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Generated_boundaries_are_valid_and_distinct()
    {
        var a = MultipartBoundary.Generate();
        var b = MultipartBoundary.Generate();

        Assert.True(MultipartBoundary.IsValid(a));
        Assert.NotEqual(a, b);
        Assert.False(MultipartBoundary.IsValid(new string('x', 71)));
        Assert.False(MultipartBoundary.IsValid("ends with space "));
        Assert.False(MultipartBoundary.IsValid("semi;colon"));
    }
}
