namespace DicomHub.Dicom.Imaging;

/// <summary>
/// Pixel data that cannot be read or encoded as declared: a corrupt compressed stream, a frame shorter than
/// the image description says, an inconsistent Image Pixel module. The message names the cause.
/// </summary>
public class DicomImagingException : Exception
{
    public DicomImagingException(string message)
        : base(message)
    {
    }

    public DicomImagingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
