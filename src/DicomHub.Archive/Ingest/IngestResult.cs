namespace DicomHub.Archive.Ingest;

/// <summary>What happened to one instance: a status from <see cref="StoreStatus"/> and a message naming the cause.</summary>
public sealed record IngestResult(ushort Status, string? SopClassUid, string? SopInstanceUid, string? StudyInstanceUid, string? SeriesInstanceUid, string Message)
{
    /// <summary>The instance is in the archive (success, or a warning such as a kept duplicate).</summary>
    public bool IsStored => !StoreStatus.IsFailure(Status);

    public bool IsWarning => StoreStatus.IsWarning(Status);

    public static IngestResult Failure(ushort status, string message, string? sopClassUid = null, string? sopInstanceUid = null, string? studyInstanceUid = null, string? seriesInstanceUid = null) =>
        new(status, sopClassUid, sopInstanceUid, studyInstanceUid, seriesInstanceUid, message);
}
