namespace DicomHub.Dicom.Data;

/// <summary>Typed date and time reads: DA, TM, DT values and the ranges C-FIND/QIDO keys hold.</summary>
public static class DicomDatasetDateValues
{
    /// <summary>The value of a TM element (earliest instant of a partial time); null when absent, empty or invalid.</summary>
    public static TimeOnly? GetTime(this DicomDataset dataset, DicomTag tag) =>
        DicomTime.TryParse(dataset.GetString(tag), out var time) ? time : null;

    /// <summary>The value of a DT element, with its UTC offset if it has one; null when absent, empty or invalid.</summary>
    public static DicomDateTime? GetDicomDateTime(this DicomDataset dataset, DicomTag tag) =>
        DicomDateTime.TryParse(dataset.GetString(tag), out var value) ? value : null;

    /// <summary>
    /// A DT element as a DateTime (earliest instant; DateTimeKind.Unspecified, offset dropped), or for a DA element
    /// the date at midnight. Null when absent, empty or invalid.
    /// </summary>
    public static DateTime? GetDateTime(this DicomDataset dataset, DicomTag tag)
    {
        if (dataset[tag] is DicomElement { VR: DicomVR.DA })
        {
            return dataset.GetDate(tag)?.ToDateTime(TimeOnly.MinValue);
        }

        return dataset.GetDicomDateTime(tag)?.Earliest;
    }

    /// <summary>A DA element combined with its TM partner (StudyDate + StudyTime); the time defaults to midnight.</summary>
    public static DateTime? GetDateTime(this DicomDataset dataset, DicomTag dateTag, DicomTag timeTag) =>
        dataset.GetDate(dateTag) is { } date ? date.ToDateTime(dataset.GetTime(timeTag) ?? TimeOnly.MinValue) : null;

    /// <summary>A DA value or range ("a-b", "-b", "a-"); null when absent, empty or not a date range.</summary>
    public static DicomDateRange? GetDateRange(this DicomDataset dataset, DicomTag tag) =>
        DicomDateRange.TryParse(dataset.GetString(tag), out var range) ? range : null;

    public static DicomTimeRange? GetTimeRange(this DicomDataset dataset, DicomTag tag) =>
        DicomTimeRange.TryParse(dataset.GetString(tag), out var range) ? range : null;

    public static DicomDateTimeRange? GetDateTimeRange(this DicomDataset dataset, DicomTag tag) =>
        DicomDateTimeRange.TryParse(dataset.GetString(tag), out var range) ? range : null;
}
