using DicomHub.Archive.Blobs;
using DicomHub.Archive.Destinations;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Dicom.Dictionary;
using DicomHub.Network;
using DicomHub.Network.Dimse;
using DicomHub.Network.Scu;
using DicomHub.Network.Services;

namespace DicomHub.Archive.Dimse;

/// <summary>
/// C-MOVE and C-GET against the archive: the identifier becomes a query run by the same engine as C-FIND and
/// QIDO-RS, each matching entity resolves to its stored blobs, and each blob is sent as it is stored (the
/// data set bytes after the file meta). Move destinations come from the <see cref="DestinationCatalog"/>
/// (DIMSE destinations only, found by the AE title the C-MOVE names).
/// </summary>
public sealed class ArchiveRetrieveHandler(IRegistry registry, IBlobStore blobs, DestinationCatalog destinations, IArchivePrincipalResolver principals, IArchiveAuthorizer authorizer) : ICMoveHandler, ICGetHandler
{
    public Task<DicomNodeUri> ResolveDestinationAsync(string moveDestination, CRetrieveRequest request, CancellationToken cancellationToken)
    {
        var dimse = destinations.All.Where(d => d.Protocol == DestinationProtocol.Dimse).ToList();
        var match = dimse.FirstOrDefault(d => string.Equals(d.Node!.AeTitle, moveDestination, StringComparison.Ordinal))
            ?? (destinations.TryGet(moveDestination, out var named) && named.Protocol == DestinationProtocol.Dimse ? named : null);
        if (match is null)
        {
            // The Error Comment is cut at 64 characters: the fix comes first, the full story is in the log.
            throw new DimseStatusException(DimseStatus.MoveDestinationUnknown.WithComment(
                $"add it to Destinations: {moveDestination}=dicom://{moveDestination}@host:port"));
        }

        return Task.FromResult(match.Node!);
    }

    public async Task<IReadOnlyList<DicomStoreItem>> ResolveAsync(CRetrieveRequest request, CancellationToken cancellationToken)
    {
        var model = request.SopClassUid is DicomUids.PatientRootQueryRetrieveInformationModelMove or DicomUids.PatientRootQueryRetrieveInformationModelGet
            ? QueryRetrieveModel.PatientRoot
            : QueryRetrieveModel.StudyRoot;
        QueryRequest query;
        try
        {
            query = RetrieveIdentifier.ToQueryRequest(request.Identifier, model);
        }
        catch (QueryIdentifierException e)
        {
            var status = e.IdentifierDoesNotMatchSopClass ? DimseStatus.DataSetDoesNotMatchSopClass : DimseStatus.CannotUnderstand;
            throw new DimseStatusException(status.WithComment(e.Message));
        }

        try
        {
            authorizer.Demand(principals.FromAssociation(request.Association), ArchiveAction.Read, $"{query.Level.ToString().ToLowerInvariant()} retrieve");
        }
        catch (ArchiveAccessDeniedException denied)
        {
            throw new DimseStatusException(DimseAccess.Refusal(denied));
        }

        var rows = await registry.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var items = new List<DicomStoreItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var scope = new InstanceScope(row.StudyInstanceUid!, row.SeriesInstanceUid, row.SopInstanceUid);
            foreach (var instance in await registry.ResolveAsync(scope, cancellationToken).ConfigureAwait(false))
            {
                if (!seen.Add(instance.SopInstanceUid))
                {
                    continue;
                }

                DicomStoreItem? item;
                try
                {
                    item = await BlobStoreItems.FromBlobAsync(blobs, instance.BlobKey, cancellationToken).ConfigureAwait(false);
                }
                catch (BlobNotFoundException)
                {
                    item = null;
                }

                if (item is null)
                {
                    throw new DimseStatusException(DimseStatus.UnableToProcess.WithComment($"stored blob of {instance.SopInstanceUid} is unreadable"));
                }

                items.Add(item);
            }
        }

        return items;
    }
}
