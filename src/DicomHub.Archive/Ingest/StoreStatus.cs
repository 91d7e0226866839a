namespace DicomHub.Archive.Ingest;

/// <summary>
/// The status codes an ingest reports, shared by C-STORE (PS3.4 B.2.3, PS3.7 C) and STOW-RS FailureReason /
/// WarningReason (PS3.18 I.2). One catalogue, so both protocols tell a sender the same thing.
/// </summary>
public static class StoreStatus
{
    public const ushort Success = 0x0000;

    /// <summary>
    /// Duplicate kept (Storage:DuplicatePolicy=KeepExistingAndWarn): the standard has no warning dedicated to it.
    /// B006 "Elements Discarded" (PS3.4 B.2.3) says what happened: the elements sent were discarded and the copy
    /// already stored kept; nothing was coerced, so not B000. The comment (C-STORE Error Comment, STOW-RS
    /// Warning Reason with its text) names the duplicate and the setting.
    /// </summary>
    public const ushort DuplicateKeptWarning = 0xB006;

    /// <summary>Refused: out of resources (the instance is larger than the archive accepts, or the disk is full).</summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>Data set does not match SOP class: a required UID is missing or invalid, or a STOW study mismatch.</summary>
    public const ushort DatasetDoesNotMatchSopClass = 0xA900;

    /// <summary>Cannot understand: the bytes are not a readable DICOM instance.</summary>
    public const ushort CannotUnderstand = 0xC000;

    /// <summary>Processing failure: the archive could not store it (I/O or registry error).</summary>
    public const ushort ProcessingFailure = 0x0110;

    /// <summary>Duplicate SOP Instance (PS3.7 C.5.x general failure), when the policy is Reject.</summary>
    public const ushort DuplicateSopInstance = 0x0111;

    /// <summary>SOP Class not supported: a known UID that is not a storage SOP class.</summary>
    public const ushort SopClassNotSupported = 0x0122;

    public static bool IsWarning(ushort status) => status is 0x0001 || (status & 0xF000) == 0xB000;

    public static bool IsFailure(ushort status) => status != Success && !IsWarning(status);
}
