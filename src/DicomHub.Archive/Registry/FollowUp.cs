namespace DicomHub.Archive.Registry;

/// <summary>An owed follow-up, as the registry keeps it: the instance's identity, what rules match on, and its origin.</summary>
public sealed record FollowUp(long Id, string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid, string Modality, IngestOrigin Origin);
