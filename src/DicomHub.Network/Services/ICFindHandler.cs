using DicomHub.Dicom.Data;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;

namespace DicomHub.Network.Services;

/// <summary>One C-FIND request as the query handler sees it: the information model (SOP class) and the identifier.</summary>
public sealed record CFindRequest(DimseCommand Command, string SopClassUid, DicomDataset Identifier, AssociationInfo Association);

/// <summary>The matches of a C-FIND: each becomes a pending response; <see cref="OptionalKeysIgnored"/> makes them FF01.</summary>
public sealed record CFindMatches(IAsyncEnumerable<DicomDataset> Identifiers, bool OptionalKeysIgnored = false);

/// <summary>A request the handler refuses, with the status (and Error Comment) to answer with.</summary>
public sealed class DimseStatusException(DimseStatus status) : Exception(status.ToString())
{
    public DimseStatus Status { get; } = status;
}

/// <summary>
/// Answers C-FIND (PS3.4 C.4.1). Return the matches lazily: enumeration stops at C-CANCEL (the token is
/// cancelled). Throw <see cref="DimseStatusException"/> for an identifier that cannot be run.
/// </summary>
public interface ICFindHandler
{
    Task<CFindMatches> FindAsync(CFindRequest request, CancellationToken cancellationToken);
}
