namespace DicomHub.Archive.Registry;

/// <summary>A stored instance as retrieval needs it.</summary>
public sealed record StoredInstance(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid, string TransferSyntaxUid, string BlobKey, long BlobSize);
