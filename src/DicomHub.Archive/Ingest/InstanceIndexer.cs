using System.Collections.Frozen;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Ingest;

/// <summary>
/// Extracts, once at ingest, everything the registry keeps about an instance: the indexed column values of
/// each level, each level's attribute JSON, and the full WADO-RS metadata JSON (bulk data as URIs), so
/// queries and /metadata never re-read the file.
/// </summary>
public static class InstanceIndexer
{
    private static readonly LevelSpec PatientLevel = new(QueryLevel.Patient, IndexedAttributes.PatientLevelTags);
    private static readonly LevelSpec StudyLevel = new(QueryLevel.Study, IndexedAttributes.StudyLevelTags);
    private static readonly LevelSpec SeriesLevel = new(QueryLevel.Series, IndexedAttributes.SeriesLevelTags);

    /// <summary>
    /// Indexes <paramref name="dataset"/>, adding Available Transfer Syntax UID (0008,3002) to it for the metadata:
    /// the data set is the ingest's own parse of the instance, so it is written to rather than copied.
    /// </summary>
    public static InstanceRecord Index(DicomDataset dataset, TransferSyntax transferSyntax, string blobKey, long blobSize)
    {
        var study = Required(dataset, DicomTags.StudyInstanceUID);
        var series = Required(dataset, DicomTags.SeriesInstanceUID);
        var sop = Required(dataset, DicomTags.SOPInstanceUID);
        var retrieveBase = $"{QueryResultWriter.BaseUrlPlaceholder}/studies/{study}/series/{series}/instances/{sop}";

        dataset.AddOrUpdate(DicomTags.AvailableTransferSyntaxUID, DicomVR.UI, transferSyntax.Uid);
        var metadataJson = MetadataJson.Metadata(dataset, retrieveBase);

        return new InstanceRecord
        {
            Patient = Row(dataset, PatientLevel),
            Study = Row(dataset, StudyLevel),
            Series = Row(dataset, SeriesLevel),
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            SopInstanceUid = sop,
            SopClassUid = Required(dataset, DicomTags.SOPClassUID),
            InstanceNumber = dataset.GetString(DicomTags.InstanceNumber)?.Trim() ?? string.Empty,
            TransferSyntaxUid = transferSyntax.Uid,
            BlobKey = blobKey,
            BlobSize = blobSize,
            MetadataJson = metadataJson,
        };
    }

    private static LevelRow Row(DicomDataset dataset, LevelSpec level)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in level.Attributes)
        {
            if (columns.ContainsKey(attribute.Column))
            {
                continue;
            }

            var raw = (dataset.GetString(attribute.Tag) ?? string.Empty).Trim();
            columns[attribute.Column] = attribute.Kind == ColumnKind.Time ? TimeValue.Normalize(raw) : raw;
            if (attribute.NormalizedColumn is { } normalized)
            {
                columns[normalized] = PersonNameKey.Normalize(raw);
            }
        }

        return new LevelRow(columns, MetadataJson.Attributes(dataset, level.JsonTags.Contains));
    }

    private static string Required(DicomDataset dataset, DicomTag tag) =>
        dataset.GetString(tag)?.Trim() is { Length: > 0 } value ? value
        : throw new InvalidOperationException($"{DicomDictionary.Default.KeywordOf(tag)} {tag} is missing.");

    /// <summary>A level's indexed columns and the attributes its JSON keeps, worked out once rather than per instance.</summary>
    private sealed class LevelSpec(QueryLevel level, IReadOnlyList<DicomTag> jsonTags)
    {
        public IndexedAttribute[] Attributes { get; } = [.. IndexedAttributes.All.Where(a => a.Level == level)];

        public FrozenSet<DicomTag> JsonTags { get; } = jsonTags.ToFrozenSet();
    }
}
