namespace DicomHub.Dicom.IO;

/// <summary>
/// Malformed DICOM data: truncated, a length beyond the end of the data, nesting too deep, a missing
/// delimiter. <see cref="Offset"/> is the byte position in the stream where the problem was found, so a
/// user can look at the file with a hex viewer.
/// </summary>
public sealed class DicomFormatException : Exception
{
    public DicomFormatException()
    {
    }

    public DicomFormatException(string message)
        : base(message)
    {
    }

    public DicomFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomFormatException(string message, long offset, Exception? innerException = null)
        : base($"{message} (at byte {offset})", innerException)
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the source where the data went wrong (in the inflated data for Deflated syntaxes).</summary>
    public long Offset { get; }
}
