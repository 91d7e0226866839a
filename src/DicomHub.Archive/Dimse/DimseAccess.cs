using DicomHub.Archive.Security;
using DicomHub.Network.Dimse;

namespace DicomHub.Archive.Dimse;

/// <summary>How a refusal of the archive's authoriser reads on a DIMSE association.</summary>
internal static class DimseAccess
{
    /// <summary>
    /// 0124 "Refused: Not Authorized" (PS3.7 C.5.3). The Error Comment holds 64 characters: it names the role
    /// that is missing; the authoriser's log line has the whole story.
    /// </summary>
    public static DimseStatus Refusal(ArchiveAccessDeniedException denied) =>
        DimseStatus.NotAuthorized.WithComment($"'{denied.Principal.Name}' lacks the {denied.Action} role");
}
