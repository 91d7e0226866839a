namespace DicomHub.DicomWeb.Multipart;

/// <summary>
/// A multipart body that does not follow RFC 2046: truncated, without its closing boundary, with a boundary
/// other than the Content-Type's, or a part without headers. The message names the cause; the offset
/// tells where in the body it was found.
/// </summary>
public sealed class MultipartException(string message, long offset, int? partNumber = null, Exception? inner = null)
    : FormatException(message, inner)
{
    /// <summary>Byte offset in the multipart body where the problem was detected.</summary>
    public long Offset { get; } = offset;

    /// <summary>1-based number of the part being read, when the problem is inside one.</summary>
    public int? PartNumber { get; } = partNumber;
}
