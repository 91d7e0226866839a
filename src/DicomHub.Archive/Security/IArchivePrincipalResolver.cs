using System.Net;
using System.Security.Claims;
using DicomHub.Network.Association;

namespace DicomHub.Archive.Security;

/// <summary>
/// Turns what a front end knows about a caller into an <see cref="ArchivePrincipal"/>: the authenticated user of an
/// HTTP request (claims from a token or an API key; an unauthenticated one when there was none), or a DIMSE
/// association (calling AE title, peer address, the user identity it negotiated).
/// </summary>
public interface IArchivePrincipalResolver
{
    ArchivePrincipal FromHttp(ClaimsPrincipal user, IPAddress? remoteAddress);

    ArchivePrincipal FromAssociation(AssociationInfo association);
}

/// <summary>
/// No authentication configured: every caller may do everything, as on a loopback-only archive. The server
/// replaces this with a configured resolver when Security settings name credentials.
/// </summary>
public sealed class OpenAccessPrincipalResolver : IArchivePrincipalResolver
{
    public ArchivePrincipal FromHttp(ClaimsPrincipal user, IPAddress? remoteAddress) =>
        new(user.Identity?.Name ?? "anonymous", PrincipalKind.Anonymous, ArchivePrincipal.AllActions()) { RemoteAddress = remoteAddress?.ToString(), Channel = "DICOMweb" };

    public ArchivePrincipal FromAssociation(AssociationInfo association) =>
        new(association.CallingAeTitle, PrincipalKind.ApplicationEntity, ArchivePrincipal.AllActions())
        {
            RemoteAddress = (association.RemoteEndPoint as IPEndPoint)?.Address.ToString(),
            Channel = "DIMSE",
        };
}
