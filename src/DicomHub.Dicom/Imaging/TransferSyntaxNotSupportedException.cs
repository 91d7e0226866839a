using DicomHub.Dicom.Data;

namespace DicomHub.Dicom.Imaging;

/// <summary>
/// No codec decodes or encodes the pixel data of <see cref="TransferSyntax"/>. Callers that can fall back
/// (a DIMSE SCU offering the original syntax, WADO-RS answering with the stored syntax) catch this type.
/// </summary>
public sealed class TransferSyntaxNotSupportedException : NotSupportedException
{
    public TransferSyntaxNotSupportedException(TransferSyntax transferSyntax, string message)
        : base(message) => TransferSyntax = transferSyntax;

    public TransferSyntaxNotSupportedException(TransferSyntax transferSyntax, string message, Exception innerException)
        : base(message, innerException) => TransferSyntax = transferSyntax;

    public TransferSyntax TransferSyntax { get; }
}
