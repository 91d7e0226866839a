namespace DicomHub.Archive.Query;

/// <summary>The information model level a query returns (PS3.4 C.3: study root, plus patient for C-FIND).</summary>
public enum QueryLevel
{
    Patient,
    Study,
    Series,
    Instance,
}
