using DicomHub.Dicom.Data;

namespace DicomHub.Archive.Query;

/// <summary>
/// The one query model: QIDO-RS parameters and C-FIND identifiers both become one of these, and the
/// registry turns it into SQL. Keys may name attributes of the query level or of the levels above it
/// (a series query may match Patient's Name) or below it (a study query may match Modality: "any series").
/// </summary>
public sealed record QueryRequest(QueryLevel Level)
{
    public IReadOnlyList<QueryKey> Keys { get; init; } = [];

    /// <summary>PN keys also match when a name component starts with the value, case-insensitively.</summary>
    public bool FuzzyMatching { get; init; }

    /// <summary>At most this many results (null: the server's maximum).</summary>
    public int? Limit { get; init; }

    public int Offset { get; init; }

    /// <summary>Attributes to return besides the level's required ones and the matching keys.</summary>
    public IReadOnlyList<DicomTag> IncludeFields { get; init; } = [];

    /// <summary>includefield=all: every attribute the archive holds for the level.</summary>
    public bool IncludeAllFields { get; init; }

    public QueryKey? Find(DicomTag tag) => Keys.FirstOrDefault(k => k.Tag == tag);
}
