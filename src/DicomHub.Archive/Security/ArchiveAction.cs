namespace DicomHub.Archive.Security;

/// <summary>
/// What a caller may do with the archive. Every use case demands one before it touches data, whichever front
/// end (DICOMweb, DIMSE, web UI, a CLI verb through either) the request came in by. Roles in configuration
/// are sets of these.
/// </summary>
public enum ArchiveAction
{
    /// <summary>Query (QIDO-RS, C-FIND) and retrieve (WADO-RS, WADO-URI, rendered images, C-GET, C-MOVE).</summary>
    Read,

    /// <summary>Store (STOW-RS, C-STORE) and create instances in the archive (KOS manifests).</summary>
    Write,

    /// <summary>Remove studies, series and instances.</summary>
    Delete,

    /// <summary>Send stored instances to a configured destination (export jobs, forwarding).</summary>
    Export,

    /// <summary>Everything above, plus administration (API keys, maintenance).</summary>
    Admin,
}
