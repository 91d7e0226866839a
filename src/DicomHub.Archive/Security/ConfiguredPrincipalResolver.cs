using System.Net;
using System.Security.Claims;
using DicomHub.Network.Association;

namespace DicomHub.Archive.Security;

/// <summary>
/// The principal resolver of a running archive: an authenticated HTTP caller gets the roles its credential's claims
/// name (<see cref="ArchiveClaims"/>); an association gets the principal its authenticator decided on (a verified
/// user identity's roles, else its peer entry's); anyone else gets the anonymous roles when
/// <see cref="AnonymousAccess"/> lets them in, and no role otherwise.
/// </summary>
public sealed class ConfiguredPrincipalResolver(SecurityOptions options, RoleCatalog roles, AnonymousAccess anonymous) : IArchivePrincipalResolver
{
    public const string HttpChannel = "DICOMweb";

    public ArchivePrincipal FromHttp(ClaimsPrincipal user, IPAddress? remoteAddress)
    {
        if (user.Identity?.IsAuthenticated == true)
        {
            return ArchiveClaims.ToPrincipal(user, roles, HttpChannel, remoteAddress?.ToString());
        }

        return Anonymous(anonymous.HttpAllowed, HttpChannel, remoteAddress?.ToString());
    }

    public ArchivePrincipal FromAssociation(AssociationInfo association)
    {
        if (association.Authentication?.Subject is ArchivePrincipal decided)
        {
            return decided;
        }

        // No authenticator ran (an SCP built without one): the peer entry, else anonymous.
        var remote = (association.RemoteEndPoint as IPEndPoint)?.Address.ToString();
        return options.Dimse.Peer(association.CallingAeTitle) is { } peer
            ? ForPeer(association.CallingAeTitle, peer, remote)
            : Anonymous(anonymous.DimseAllowed, DimseChannel(association.CallingAeTitle), remote, association.CallingAeTitle);
    }

    public static string DimseChannel(string callingAeTitle) => $"DIMSE '{callingAeTitle.Trim()}'";

    /// <summary>A listed peer without a verified user identity: its configured roles.</summary>
    public ArchivePrincipal ForPeer(string callingAeTitle, DimsePeerOptions peer, string? remoteAddress) =>
        new(callingAeTitle.Trim(), PrincipalKind.ApplicationEntity, roles.ActionsOf(peer.Roles)) { RemoteAddress = remoteAddress, Channel = DimseChannel(callingAeTitle) };

    /// <summary>A caller with no credential: the anonymous roles when let in, else none (so every demand is refused as "authenticate").</summary>
    public ArchivePrincipal Anonymous(bool allowed, string channel, string? remoteAddress, string name = "anonymous") =>
        new(name.Trim(), PrincipalKind.Anonymous, allowed ? roles.ActionsOf(options.AnonymousRoles) : new HashSet<ArchiveAction>())
        {
            RemoteAddress = remoteAddress,
            Channel = channel,
        };
}
