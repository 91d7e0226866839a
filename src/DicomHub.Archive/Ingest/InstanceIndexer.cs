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
    public static InstanceRecord Index(DicomDataset dataset, TransferSyntax transferSyntax, string blobKey, long blobSize)
    {
        var study = Required(dataset, DicomTags.StudyInstanceUID);
        var series = Required(dataset, DicomTags.SeriesInstanceUID);
        var sop = Required(dataset, DicomTags.SOPInstanceUID);
        var retrieveBase = $"{QueryResultWriter.BaseUrlPlaceholder}/studies/{study}/series/{series}/instances/{sop}";

        var metadata = dataset.Clone();
        metadata.AddOrUpdate(DicomTags.AvailableTransferSyntaxUID, DicomVR.UI, transferSyntax.Uid);
        var metadataJson = MetadataJson.Metadata(metadata, retrieveBase);

        return new InstanceRecord
        {
            Patient = Row(dataset, QueryLevel.Patient, IndexedAttributes.PatientLevelTags),
            Study = Row(dataset, QueryLevel.Study, IndexedAttributes.StudyLevelTags),
            Series = Row(dataset, QueryLevel.Series, IndexedAttributes.SeriesLevelTags),
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

    private static LevelRow Row(DicomDataset dataset, QueryLevel level, IReadOnlyList<DicomTag> jsonTags)
    {
        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in IndexedAttributes.All.Where(a => a.Level == level))
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

        var wanted = new HashSet<DicomTag>(jsonTags);
        var json = MetadataJson.Attributes(dataset, wanted.Contains);
        return new LevelRow(columns, json);
    }

    private static string Required(DicomDataset dataset, DicomTag tag) =>
        dataset.GetString(tag)?.Trim() is { Length: > 0 } value ? value
        : throw new InvalidOperationException($"{DicomDictionary.Default.KeywordOf(tag)} {tag} is missing.");
}
