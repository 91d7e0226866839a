using DicomHub.Dicom.Data;
using DicomHub.Network.Pdus;

namespace DicomHub.Network.Association;

/// <summary>A negotiated presentation context: what was proposed and what the acceptor answered.</summary>
public sealed record PresentationContext(byte Id, string AbstractSyntax, IReadOnlyList<string> ProposedTransferSyntaxes, PresentationContextResult Result, string? AcceptedTransferSyntaxUid)
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance && AcceptedTransferSyntaxUid is not null;

    public TransferSyntax? AcceptedTransferSyntax => AcceptedTransferSyntaxUid is null ? null : TransferSyntax.FromUid(AcceptedTransferSyntaxUid);
}
