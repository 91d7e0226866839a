namespace DicomHub.Archive.Registry;

/// <summary>One level's row: indexed column values (names from the query catalogue) and its attributes in DICOM JSON.</summary>
public sealed record LevelRow(IReadOnlyDictionary<string, string> Columns, string AttributesJson);

/// <summary>Everything the registry stores about one ingested instance, extracted once at ingest.</summary>
public sealed record InstanceRecord
{
    public required LevelRow Patient { get; init; }

    public required LevelRow Study { get; init; }

    public required LevelRow Series { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public required string SopInstanceUid { get; init; }

    public required string SopClassUid { get; init; }

    public required string InstanceNumber { get; init; }

    public required string TransferSyntaxUid { get; init; }

    public required string BlobKey { get; init; }

    public required long BlobSize { get; init; }

    /// <summary>The WADO-RS metadata of the instance, with {{BASE}} where the service's base URL goes.</summary>
    public required string MetadataJson { get; init; }

    /// <summary>
    /// When set, the commit that stores this instance also records that its follow-up (forwarding rules) is
    /// owed, so a crash before the follow-up ran cannot lose it (<see cref="FollowUp"/>).
    /// </summary>
    public IngestOrigin? FollowUpFrom { get; init; }
}

/// <summary>Who sent an instance, as forwarding rules match on it: "Dimse" or "StowRs", and the calling AE title.</summary>
public sealed record IngestOrigin(string Protocol, string? Peer);

/// <summary>An owed follow-up, as the registry keeps it: the instance's identity, what rules match on, and its origin.</summary>
public sealed record FollowUp(long Id, string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid, string Modality, IngestOrigin Origin);

/// <summary>A stored instance as retrieval needs it.</summary>
public sealed record StoredInstance(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid, string TransferSyntaxUid, string BlobKey, long BlobSize);

/// <summary>Which instances: a whole study, one series of it, or one instance.</summary>
public sealed record InstanceScope(string StudyInstanceUid, string? SeriesInstanceUid = null, string? SopInstanceUid = null);

public enum CommitOutcome
{
    Inserted,
    Replaced,
    DuplicateRejected,
    DuplicateKept,
}

/// <param name="ReplacedBlobKey">The blob the new instance replaced (delete it once the commit is durable).</param>
/// <param name="FollowUpId">The follow-up row recorded for the instance (<see cref="InstanceRecord.FollowUpFrom"/>), if any.</param>
public sealed record CommitResult(CommitOutcome Outcome, string? ReplacedBlobKey = null, long? FollowUpId = null);

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
