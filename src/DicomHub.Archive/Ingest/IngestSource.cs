using DicomHub.Archive.Security;

namespace DicomHub.Archive.Ingest;

public enum IngestProtocol
{
    Dimse,
    StowRs,
}

/// <summary>Who is sending, and what the protocol already promises about the instances.</summary>
/// <param name="ExpectedStudyInstanceUid">For STOW-RS to /studies/{uid}: every instance must belong to it.</param>
public sealed record IngestSource(IngestProtocol Protocol, string? Peer = null, string? ExpectedStudyInstanceUid = null)
{
    /// <summary>Who stores: must hold the Write role (checked when a batch begins).</summary>
    public required ArchivePrincipal Principal { get; init; }
}
