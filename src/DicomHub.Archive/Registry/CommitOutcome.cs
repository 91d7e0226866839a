namespace DicomHub.Archive.Registry;

public enum CommitOutcome
{
    Inserted,
    Replaced,
    DuplicateRejected,
    DuplicateKept,
}
