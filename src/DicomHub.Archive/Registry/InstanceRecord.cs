namespace DicomHub.Archive.Registry;

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
