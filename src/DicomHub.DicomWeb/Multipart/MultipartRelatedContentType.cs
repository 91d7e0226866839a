namespace DicomHub.DicomWeb.Multipart;

/// <summary>
/// The Content-Type of a multipart/related body (RFC 2387): the boundary that separates the parts, the
/// root part's type (application/dicom for STOW-RS and WADO-RS), and the optional start and
/// transfer-syntax parameters.
/// </summary>
public sealed class MultipartRelatedContentType
{
    public const string MediaType = "multipart/related";

    public MultipartRelatedContentType(string boundary, string? type = null, string? start = null, string? transferSyntax = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        Boundary = boundary;
        Type = type;
        Start = start;
        TransferSyntax = transferSyntax;
    }

    public string Boundary { get; }

    /// <summary>The media type of the root (first) part, e.g. "application/dicom"; null when not given.</summary>
    public string? Type { get; }

    /// <summary>The Content-ID of the root part when it is not the first one.</summary>
    public string? Start { get; }

    /// <summary>The DICOMweb transfer-syntax parameter (PS3.18 8.7.3.5.2), if any.</summary>
    public string? TransferSyntax { get; }

    public static MultipartRelatedContentType Parse(string? contentType) =>
        TryParse(contentType, out var result, out var error) ? result : throw new MultipartException(error, 0);

    public static bool TryParse(string? contentType, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MultipartRelatedContentType? result, out string error)
    {
        result = null;
        if (!MediaTypeHeader.TryParse(contentType, out var header, out error))
        {
            error = $"Content-Type '{contentType}' cannot be parsed: {error}";
            return false;
        }

        if (!header.Is(MediaType))
        {
            error = $"Content-Type is '{header.MediaType}', expected multipart/related; type=\"application/dicom\"; boundary=...";
            return false;
        }

        var boundary = header["boundary"];
        if (string.IsNullOrEmpty(boundary))
        {
            error = "the multipart/related Content-Type has no boundary parameter: add '; boundary=...' naming the delimiter used in the body";
            return false;
        }

        // Readers are liberal: some clients exceed RFC 2046's 70 characters; only line breaks would make
        // the boundary impossible to find.
        if (boundary.Length > 256 || boundary.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            error = $"the multipart boundary '{boundary}' is unusable: it must be at most 256 characters without line breaks";
            return false;
        }

        result = new MultipartRelatedContentType(boundary, header["type"], header["start"], header["transfer-syntax"]);
        error = string.Empty;
        return true;
    }

    /// <summary>The header value; the type is quoted because "a/b" is not a token.</summary>
    public override string ToString()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (Type is not null)
        {
            parameters.Add(new("type", Type));
        }

        if (TransferSyntax is not null)
        {
            parameters.Add(new("transfer-syntax", TransferSyntax));
        }

        if (Start is not null)
        {
            parameters.Add(new("start", Start));
        }

        parameters.Add(new("boundary", Boundary));
        return new MediaTypeHeader(MediaType, parameters).ToString();
    }
}
