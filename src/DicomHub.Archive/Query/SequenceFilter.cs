using DicomHub.Archive.Registry;
using DicomHub.Dicom.Data;

namespace DicomHub.Archive.Query;

/// <summary>
/// Sequence matching keys applied to the rows the registry's SQL returned (PS3.4 C.2.2.2.6), for QIDO-RS as
/// C-FIND applies them: each row is rendered as the response would be, its stored sequences included, and
/// kept when every key matches one of its items. The SQL side cannot page such a query, so the caller asks it
/// for every candidate (up to the server's maximum) and pages the survivors with <see cref="Page"/>.
/// </summary>
public static class SequenceFilter
{
    /// <summary>The request to give the registry: unpaged, and returning the sequences the keys match on.</summary>
    public static QueryRequest Candidates(QueryRequest request, IReadOnlyList<SequenceKey> keys) =>
        request with { Limit = null, Offset = 0, IncludeFields = [.. request.IncludeFields, .. keys.Select(k => k.Tag).Where(t => !request.IncludeFields.Contains(t))] };

    /// <summary>The rows that satisfy every key; <paramref name="candidates"/> is the request the rows answered.</summary>
    public static IEnumerable<QueryRow> Matching(QueryRequest candidates, IReadOnlyList<SequenceKey> keys, IEnumerable<QueryRow> rows)
    {
        var identifier = new DicomDataset();
        foreach (var key in keys)
        {
            identifier.AddOrUpdate(new DicomSequence(key.Tag));
        }

        return rows.Where(row =>
        {
            var rendered = CFindResultBuilder.Build(identifier, candidates, row);
            return keys.All(key => SequenceMatcher.Matches(rendered, key));
        });
    }

    /// <summary>The page the original request asked for, out of the rows that matched.</summary>
    public static IReadOnlyList<QueryRow> Page(QueryRequest original, IEnumerable<QueryRow> matching, int maxResults) =>
        [.. matching.Skip(Math.Max(0, original.Offset)).Take(Math.Clamp(original.Limit ?? maxResults, 0, maxResults))];
}
