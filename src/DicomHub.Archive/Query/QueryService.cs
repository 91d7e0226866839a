using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;

namespace DicomHub.Archive.Query;

/// <summary>A query as both front ends hand it over: the attribute keys compiled to SQL, and sequence keys matched on the rows.</summary>
public sealed record ArchiveQuery(QueryRequest Request, IReadOnlyList<SequenceKey> SequenceKeys);

/// <summary>The rows of a query, and the request they answer (render them with it: it names the returned attributes and the page).</summary>
public sealed record ArchiveQueryResult(QueryRequest Answered, IReadOnlyList<QueryRow> Rows);

/// <summary>
/// The one query use case, for QIDO-RS and C-FIND alike: checks that the caller may read, runs the attribute
/// keys as one registry query, and applies sequence keys (PS3.4 C.2.2.2.6) to the candidate rows before paging,
/// since the registry keeps sequences as JSON rather than columns. Front ends only translate their request into
/// an <see cref="ArchiveQuery"/> and the rows into their response.
/// </summary>
public sealed class QueryService(IRegistry registry, StorageOptions options, IArchiveAuthorizer authorizer)
{
    /// <exception cref="ArchiveAccessDeniedException">The principal may not read.</exception>
    public async Task<ArchiveQueryResult> SearchAsync(ArchivePrincipal principal, ArchiveQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = query.Request;
        authorizer.Demand(principal, ArchiveAction.Read, $"{request.Level.ToString().ToLowerInvariant()} query");
        if (query.SequenceKeys.Count == 0)
        {
            return new ArchiveQueryResult(request, await registry.QueryAsync(request, cancellationToken).ConfigureAwait(false));
        }

        // Sequence keys match on the rendered rows, so the SQL cannot page: fetch every candidate, filter, page.
        var candidates = SequenceFilter.Candidates(request, query.SequenceKeys);
        var all = await registry.QueryAsync(candidates, cancellationToken).ConfigureAwait(false);
        var rows = SequenceFilter.Page(request, SequenceFilter.Matching(candidates, query.SequenceKeys, all), options.MaxQueryResults);
        return new ArchiveQueryResult(candidates with { Limit = request.Limit, Offset = request.Offset }, rows);
    }
}
