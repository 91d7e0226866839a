using DicomHub.Archive.Security;
using DicomHub.Network.Association;
using DicomHub.Network.Dimse;
using DicomHub.Network.Services;

namespace DicomHub.Archive.Dimse;

/// <summary>
/// The DIMSE side of access control after the association is up: the caller's principal, whether its peer entry
/// lets it use a service (Security:Dimse:Peers:AE:Services) and name a C-MOVE destination (MoveDestinations), and
/// how a refusal of the archive's authoriser reads on the wire.
/// </summary>
public sealed class DimseAccess(IArchivePrincipalResolver principals, SecurityOptions options, SecurityEvents events)
{
    /// <summary>The caller's principal, once its peer entry allows <paramref name="service"/>; else a 0124 refusal.</summary>
    public ArchivePrincipal Demand(AssociationInfo association, DimseService service)
    {
        var principal = principals.FromAssociation(association);
        var ae = association.CallingAeTitle.Trim();
        if (options.Dimse.Peer(ae) is { } peer && !peer.AllowsService(service))
        {
            events.Raise(new SecurityEvent(SecurityEventKind.AccessRefused, principal.Name, principal.RemoteAddress, principal.Channel ?? "DIMSE",
                $"asked for C-{service.ToString().ToUpperInvariant()}, which Security:Dimse:Peers:{ae}:Services does not list"));
            throw new DimseStatusException(DimseStatus.NotAuthorized.WithComment($"C-{service.ToString().ToUpperInvariant()} not allowed for '{ae}': Peers:{ae}:Services"));
        }

        return principal;
    }

    /// <summary>Refuses (0124) a C-MOVE destination the caller's peer entry does not list.</summary>
    public void DemandMoveDestination(AssociationInfo association, string destination)
    {
        var ae = association.CallingAeTitle.Trim();
        if (options.Dimse.Peer(ae) is { } peer && !peer.AllowsMoveDestination(ae, destination))
        {
            var principal = principals.FromAssociation(association);
            events.Raise(new SecurityEvent(SecurityEventKind.AccessRefused, principal.Name, principal.RemoteAddress, principal.Channel ?? "DIMSE",
                $"asked to move to '{destination}', which Security:Dimse:Peers:{ae}:MoveDestinations does not list (default: only itself)"));
            throw new DimseStatusException(DimseStatus.NotAuthorized.WithComment($"may not move to '{destination}': Peers:{ae}:MoveDestinations"));
        }
    }

    /// <summary>
    /// 0124 "Refused: Not Authorized" (PS3.7 C.5.3). The Error Comment holds 64 characters: it names the role
    /// that is missing; the security event's log line has the whole story.
    /// </summary>
    public static DimseStatus Refusal(ArchiveAccessDeniedException denied) =>
        DimseStatus.NotAuthorized.WithComment($"'{denied.Principal.Name}' lacks the {denied.Action} role");
}
