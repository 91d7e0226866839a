namespace DicomHub.Archive.Registry;

/// <summary>One query result: the entity's UIDs, each level's attribute JSON, and the counts the registry keeps.</summary>
public sealed record QueryRow(
    string? StudyInstanceUid,
    string? SeriesInstanceUid,
    string? SopInstanceUid,
    string? PatientJson,
    string? StudyJson,
    string? SeriesJson,
    string? InstanceJson,
    int? StudyRelatedSeries,
    int? StudyRelatedInstances,
    string? ModalitiesInStudy,
    int? SeriesRelatedInstances);
