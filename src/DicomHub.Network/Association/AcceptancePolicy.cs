using DicomHub.Dicom.Data;

namespace DicomHub.Network.Association;

/// <summary>
/// What an SCP accepts: its own AE title, which callers, which SOP classes, which transfer syntaxes in
/// which order of preference, and how many operations it performs at once.
/// </summary>
public sealed record AcceptancePolicy
{
    /// <summary>Our AE title. Requests calling another title are rejected unless <see cref="AcceptAnyCalledAeTitle"/>.</summary>
    public string AeTitle { get; init; } = "DICOMHUB";

    public bool AcceptAnyCalledAeTitle { get; init; }

    /// <summary>Calling AE titles allowed to associate; empty allows everyone.</summary>
    public IReadOnlySet<string> AllowedCallingAeTitles { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>SOP classes accepted; null means "whatever the registered services support".</summary>
    public IReadOnlySet<string>? SopClasses { get; init; }

    /// <summary>Accepted transfer syntaxes, most preferred first: the first one the requestor offers wins.</summary>
    public IReadOnlyList<TransferSyntax> TransferSyntaxes { get; init; } = DefaultTransferSyntaxes;

    /// <summary>
    /// Whether the SCP can write pixel data in an encapsulated syntax from native pixels (an encoder is
    /// registered); null: it cannot encode any. Decides the syntax of C-GET storage contexts (see
    /// <see cref="AssociationNegotiator"/>). Native syntaxes are always producible.
    /// </summary>
    public Func<TransferSyntax, bool>? CanEncode { get; init; }

    /// <summary>The most operations we perform at once on one association (our async window).</summary>
    public ushort MaxOperationsPerformed { get; init; } = 16;

    /// <summary>
    /// Uncompressed first (no conversion for the usual case), then every lossless and lossy encapsulated
    /// syntax: a storage SCP keeps what it is sent rather than force the sender to decompress.
    /// </summary>
    public static IReadOnlyList<TransferSyntax> DefaultTransferSyntaxes { get; } =
    [
        TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.DeflatedExplicitVRLittleEndian,
        TransferSyntax.ExplicitVRBigEndian, TransferSyntax.RLELossless, TransferSyntax.JPEGLosslessSV1, TransferSyntax.JPEGLossless,
        TransferSyntax.JPEGLSLossless, TransferSyntax.JPEG2000Lossless, TransferSyntax.HTJ2KLossless, TransferSyntax.HTJ2KLosslessRPCL,
        TransferSyntax.JPEGBaseline8Bit, TransferSyntax.JPEGExtended12Bit, TransferSyntax.JPEGLSNearLossless, TransferSyntax.JPEG2000,
        TransferSyntax.HTJ2K, TransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian, TransferSyntax.MPEG2MPML, TransferSyntax.MPEG2MPHL,
        TransferSyntax.MPEG4HP41, TransferSyntax.MPEG4HP41BD, TransferSyntax.MPEG4HP422D, TransferSyntax.MPEG4HP423D,
        TransferSyntax.MPEG4HP42STEREO, TransferSyntax.HEVCMP51, TransferSyntax.HEVCM10P51,
    ];
}
