using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;

namespace DicomHub.Archive.Query;

/// <summary>
/// Turns a C-MOVE/C-GET identifier (PS3.4 C.4.2.1.4) into a query for the entities to retrieve: only the
/// unique keys count (Patient ID, Study/Series/SOP Instance UID, each a single value or a UID list), and the
/// unique key of the Query/Retrieve Level must be present. A PATIENT level retrieve queries the patient's
/// studies. The same query engine as C-FIND and QIDO-RS finds them.
/// </summary>
public static class RetrieveIdentifier
{
    private static readonly DicomTag[] UniqueKeys = [DicomTags.PatientID, DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.SOPInstanceUID];

    public static QueryRequest ToQueryRequest(DicomDataset identifier, QueryRetrieveModel model)
    {
        var level = CFindIdentifier.ParseLevel(identifier, model);
        var required = level switch
        {
            QueryLevel.Patient => DicomTags.PatientID,
            QueryLevel.Study => DicomTags.StudyInstanceUID,
            QueryLevel.Series => DicomTags.SeriesInstanceUID,
            _ => DicomTags.SOPInstanceUID,
        };
        if (string.IsNullOrWhiteSpace(identifier.GetString(required)))
        {
            throw new QueryIdentifierException($"{CFindIdentifier.LevelName(level)} level retrieve needs {DicomDictionary.Default.KeywordOf(required)}", missingLevel: true);
        }

        var keys = new List<QueryKey>();
        foreach (var tag in UniqueKeys)
        {
            var value = identifier.GetString(tag)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                // Unique keys take single values or UID lists only in a retrieve (PS3.4 C.4.2.2.1).
                throw new QueryIdentifierException($"{DicomDictionary.Default.KeywordOf(tag)} '{value}' has a wildcard: not allowed in a retrieve");
            }

            keys.Add(new QueryKey(tag, MatchConditionParser.Parse(tag == DicomTags.PatientID ? DicomVR.LO : DicomVR.UI, value, ['\\'])));
        }

        return new QueryRequest(level == QueryLevel.Patient ? QueryLevel.Study : level) { Keys = keys };
    }
}
