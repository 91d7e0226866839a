namespace DicomHub.Archive;

/// <summary>What the archive does when an instance with a stored SOP Instance UID arrives again.</summary>
public enum DuplicatePolicy
{
    /// <summary>Refuse the new copy: a failure (DIMSE 0111 Duplicate SOP Instance, STOW FailureReason 0111).</summary>
    Reject,

    /// <summary>Keep the stored copy, accept the request with a warning (B006 elements discarded, with the reason as text).</summary>
    KeepExistingAndWarn,

    /// <summary>Replace the stored copy with the new one.</summary>
    Overwrite,
}
