using System.Runtime.CompilerServices;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Network.Dimse;
using DicomHub.Network.Services;

namespace DicomHub.Server.Hosting;

/// <summary>
/// C-FIND against the archive: the identifier becomes the same <see cref="QueryRequest"/> QIDO-RS builds, run by
/// the same registry query, and each row goes back as an identifier holding the requested keys.
/// </summary>
internal sealed class ArchiveFindHandler(IRegistry registry) : ICFindHandler
{
    public async Task<CFindMatches> FindAsync(CFindRequest request, CancellationToken cancellationToken)
    {
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

        var rows = await registry.QueryAsync(query.Request, cancellationToken).ConfigureAwait(false);
        return new CFindMatches(Identifiers(request.Identifier, query, rows, cancellationToken), query.OptionalKeysIgnored);
    }

    private static async IAsyncEnumerable<DicomDataset> Identifiers(DicomDataset identifier, CFindQuery query, IReadOnlyList<QueryRow> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var match = CFindResultBuilder.Build(identifier, query.Request, row);

            // The result holds the stored sequences the identifier asked for, so sequence keys match on it.
            if (!query.SequenceKeys.All(key => SequenceMatcher.Matches(match, key)))
            {
                continue;
            }

            yield return match;

            // Each match is sent before the next is built: lets a C-CANCEL arriving meanwhile stop the stream.
            await Task.Yield();
        }
    }
}
