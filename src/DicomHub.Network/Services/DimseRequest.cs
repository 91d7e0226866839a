using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>A request received by the SCP, with the context it arrived on and its data set stream (if any).</summary>
public sealed class DimseRequest(DimseCommand command, PresentationContext context, AssociationInfo association, Stream? dataset)
{
    public DimseCommand Command { get; } = command;

    public PresentationContext Context { get; } = context;

    public AssociationInfo Association { get; } = association;

    /// <summary>The data set as it arrives, in <see cref="TransferSyntax"/>; null when the request has none.</summary>
    public Stream? Dataset { get; } = dataset;

    /// <summary>Signalled when the peer sends C-CANCEL-RQ for this request (C-FIND, C-MOVE, C-GET).</summary>
    public CancellationToken CancelRequested { get; init; }

    /// <summary>Sends requests of our own on this association (C-GET sub-operations); null where that is not possible.</summary>
    public IDimseRequester? Requester { get; init; }

    public TransferSyntax TransferSyntax => Context.AcceptedTransferSyntax ?? TransferSyntax.ImplicitVRLittleEndian;
}
