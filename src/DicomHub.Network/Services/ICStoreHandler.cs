using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>One C-STORE request as the storage handler sees it.</summary>
public sealed record CStoreRequest(
    DimseCommand Command,
    string SopClassUid,
    string SopInstanceUid,
    TransferSyntax TransferSyntax,
    AssociationInfo Association)
{
    public string CallingAeTitle => Association.CallingAeTitle;

    public string? MoveOriginatorAeTitle => Command.MoveOriginatorAeTitle;
}

/// <summary>
/// Stores received instances (PS3.4 Annex B). The data set arrives as a stream of the bare data set (no
/// preamble or file meta) in <see cref="CStoreRequest.TransferSyntax"/>, read straight off the network:
/// store it without holding it all in memory. Return the status to send back (Success, a B0xx warning or a
/// failure with a comment); an exception from the stream means the association died mid-instance, so
/// remove anything partial. `receive` writes files (<see cref="Storage.FolderStoreHandler"/>); the archive
/// plugs its ingestion pipeline in here.
/// </summary>
public interface ICStoreHandler
{
    Task<DimseStatus> StoreAsync(CStoreRequest request, Stream dataset, CancellationToken cancellationToken);
}
