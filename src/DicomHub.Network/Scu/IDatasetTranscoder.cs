using DicomHub.Dicom.Data;

namespace DicomHub.Network.Scu;

/// <summary>
/// Converts a bare data set between transfer syntaxes while sending, when the peer rejected the instance's
/// own syntax. The network layer ships <see cref="NativeSyntaxTranscoder"/> (Explicit/Implicit VR Little
/// Endian); the toolkit's codec-based transcoder plugs in here for compressed syntaxes.
/// </summary>
public interface IDatasetTranscoder
{
    bool CanTranscode(TransferSyntax from, TransferSyntax to);

    /// <summary>
    /// A stream of the data set in <paramref name="to"/>. Takes ownership of <paramref name="dataset"/>.
    /// Errors found before the returned stream is read are thrown here (the instance fails alone);
    /// errors found while streaming surface from the stream's reads (the association must then abort).
    /// </summary>
    Task<Stream> TranscodeAsync(Stream dataset, TransferSyntax from, TransferSyntax to, CancellationToken cancellationToken);
}
