namespace DicomHub.Archive.Registry;

/// <summary>Which instances: a whole study, one series of it, or one instance.</summary>
public sealed record InstanceScope(string StudyInstanceUid, string? SeriesInstanceUid = null, string? SopInstanceUid = null)
{
    /// <summary>"study X", "series Y of study X" or "instance Z of series Y of study X", for messages and audit.</summary>
    public override string ToString() =>
        SopInstanceUid is not null ? $"instance {SopInstanceUid} of series {SeriesInstanceUid} of study {StudyInstanceUid}"
        : SeriesInstanceUid is not null ? $"series {SeriesInstanceUid} of study {StudyInstanceUid}"
        : $"study {StudyInstanceUid}";
}
