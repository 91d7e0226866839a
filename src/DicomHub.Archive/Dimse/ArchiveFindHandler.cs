using System.Runtime.CompilerServices;
using DicomHub.Archive.Query;
using DicomHub.Archive.Security;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Network.Dimse;
using DicomHub.Network.Services;

namespace DicomHub.Archive.Dimse;

/// <summary>
/// C-FIND against the archive: the identifier becomes the same <see cref="ArchiveQuery"/> QIDO-RS builds, run by
/// the same <see cref="QueryService"/>, and each row goes back as an identifier holding the requested keys.
/// </summary>
public sealed class ArchiveFindHandler(QueryService queries, DimseAccess access) : ICFindHandler
{
    public async Task<CFindMatches> FindAsync(CFindRequest request, CancellationToken cancellationToken)
    {
        var principal = access.Demand(request.Association, DimseService.Find);
        var model = request.SopClassUid == DicomUids.PatientRootQueryRetrieveInformationModelFind ? QueryRetrieveModel.PatientRoot : QueryRetrieveModel.StudyRoot;
        CFindQuery query;
        try
        {
            query = CFindIdentifier.ToQueryRequest(request.Identifier, model);
        }
        catch (QueryIdentifierException e)
        {
            var status = e.IdentifierDoesNotMatchSopClass ? DimseStatus.DataSetDoesNotMatchSopClass : DimseStatus.CannotUnderstand;
            throw new DimseStatusException(status.WithComment(e.Message));
        }

        ArchiveQueryResult result;
        try
        {
            result = await queries.SearchAsync(principal, new ArchiveQuery(query.Request, query.SequenceKeys), cancellationToken).ConfigureAwait(false);
        }
        catch (ArchiveAccessDeniedException denied)
        {
            throw new DimseStatusException(DimseAccess.Refusal(denied));
        }

        return new CFindMatches(Identifiers(request.Identifier, result, cancellationToken), query.OptionalKeysIgnored);
    }

    private static async IAsyncEnumerable<DicomDataset> Identifiers(DicomDataset identifier, ArchiveQueryResult result, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in result.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return CFindResultBuilder.Build(identifier, result.Answered, row);

            // Each match is sent before the next is built: lets a C-CANCEL arriving meanwhile stop the stream.
            await Task.Yield();
        }
    }
}
