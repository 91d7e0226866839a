using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scu;

namespace DicomHub.Network.Services;

/// <summary>One C-MOVE or C-GET request as the retrieve handler sees it: the information model (SOP class) and the identifier.</summary>
public sealed record CRetrieveRequest(DimseCommand Command, string SopClassUid, DicomDataset Identifier, AssociationInfo Association);

/// <summary>
/// Resolves C-GET identifiers (PS3.4 C.4.3) to the instances to send back on the same association. Throw
/// <see cref="DimseStatusException"/> for an identifier that cannot be run (A900, C000).
/// </summary>
public interface ICGetHandler
{
    Task<IReadOnlyList<DicomStoreItem>> ResolveAsync(CRetrieveRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Answers C-MOVE (PS3.4 C.4.2): where the Move Destination AE title is, and which instances the identifier
/// names. Throw <see cref="DimseStatusException"/> with <see cref="DimseStatus.MoveDestinationUnknown"/> (A801)
/// for an AE title that is not configured, A900/C000 for an identifier that cannot be run.
/// </summary>
public interface ICMoveHandler
{
    Task<DicomNodeUri> ResolveDestinationAsync(string moveDestination, CRetrieveRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<DicomStoreItem>> ResolveAsync(CRetrieveRequest request, CancellationToken cancellationToken);
}
