using System.Security.Claims;
using DicomHub.Archive.Security;
using DicomHub.Archive.Security.ApiKeys;
using DicomHub.Network.Association;
using DicomHub.Network.Pdus;

namespace DicomHub.Archive.Dimse;

/// <summary>
/// Who a DIMSE peer is, decided once per association from Security settings: a listed peer must come from one of
/// its addresses; a user identity (PS3.7 D.3.3.7) is verified for real (username with an API key of that name as
/// passcode, or a JWT validated like an HTTP bearer token) and, when it checks out, its roles apply; a wrong
/// identity rejects the association (permanent, ACSE, no reason given, as D.3.3.7 says). A peer that is not listed
/// and brings no verified identity is anonymous: rejected ("calling AE not recognized") once credentials are
/// configured, unless Security:AllowAnonymous. Every rejection is a security event naming the setting to change.
/// </summary>
public sealed class ArchiveAssociationAuthenticator(
    SecurityOptions options,
    RoleCatalog roles,
    AnonymousAccess anonymous,
    ConfiguredPrincipalResolver principals,
    ApiKeyService apiKeys,
    SecurityEvents events,
    IBearerTokenValidator? tokens = null) : IAssociationAuthenticator
{
    public async ValueTask<AssociationAuthentication> AuthenticateAsync(AssociationRequest request, CancellationToken cancellationToken)
    {
        await anonymous.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var ae = request.CallingAeTitle.Trim();
        var remote = request.RemoteAddress?.ToString();
        var channel = ConfiguredPrincipalResolver.DimseChannel(ae);
        var peer = options.Dimse.Peer(ae);
        if (peer is not null && !peer.AllowsAddress(request.RemoteAddress))
        {
            return Refuse(AssociationAuthentication.CallingAeNotRecognized(
                $"calling AE title '{ae}' connected from {remote}, which is not in Security:Dimse:Peers:{ae}:Addresses ({string.Join(", ", peer.Addresses)}): add the address there if this peer really moved."),
                SecurityEventKind.AssociationRejected, ae, remote, channel);
        }

        ArchivePrincipal? verified = null;
        if (request.UserIdentity is { } identity)
        {
            var (user, failure) = await VerifyAsync(identity, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return Refuse(AssociationAuthentication.IdentityRefused(failure), SecurityEventKind.AuthenticationFailed, $"{ae} as '{IdentityName(identity)}'", remote, channel);
            }

            if (user is not null)
            {
                verified = ArchiveClaims.ToPrincipal(user, roles, channel, remote);
            }
        }

        if (verified is null && (options.Dimse.RequireUserIdentity || peer?.RequireUserIdentity == true))
        {
            var setting = options.Dimse.RequireUserIdentity ? "Security:Dimse:RequireUserIdentity" : $"Security:Dimse:Peers:{ae}:RequireUserIdentity";
            return Refuse(AssociationAuthentication.IdentityRefused(
                $"'{ae}' sent no verifiable user identity and {setting} is true: have it send a username with an API key as passcode (storescu --user NAME --password KEY) or a JWT."),
                SecurityEventKind.AuthenticationRequired, ae, remote, channel);
        }

        if (verified is not null)
        {
            return new AssociationAuthentication { IdentityVerified = true, Subject = verified };
        }

        if (peer is not null)
        {
            return new AssociationAuthentication { Subject = principals.ForPeer(ae, peer, remote) };
        }

        if (!anonymous.DimseAllowed)
        {
            return Refuse(AssociationAuthentication.CallingAeNotRecognized(
                $"calling AE title '{ae}' is not a known peer and credentials are configured: list it under Security:Dimse:Peers:{ae} with its roles, have it send a user identity, or set Security:AllowAnonymous."),
                SecurityEventKind.AuthenticationRequired, ae, remote, channel);
        }

        return new AssociationAuthentication { Subject = principals.Anonymous(true, channel, remote, ae) };
    }

    /// <summary>The identity's principal when it checks out; a failure reason when it was checked and is false; neither when it cannot be checked (a bare username, Kerberos, SAML).</summary>
    private async Task<(ClaimsPrincipal? User, string? Failure)> VerifyAsync(UserIdentityRequestItem identity, CancellationToken cancellationToken)
    {
        switch (identity.IdentityType)
        {
            case UserIdentityType.UsernameAndPasscode:
                var key = await apiKeys.VerifyAsync(identity.SecondaryFieldText, cancellationToken).ConfigureAwait(false);
                return key is not null && string.Equals(key.Name, identity.PrimaryFieldText, StringComparison.Ordinal)
                    ? (ArchiveClaims.ForApiKey(key), null)
                    : (null, $"user identity '{identity.PrimaryFieldText}': the passcode is not an active API key of that name; create one with 'dicomhub apikey create --name {identity.PrimaryFieldText} --role ...' and send it as the passcode.");
            case UserIdentityType.JsonWebToken:
                if (tokens is null)
                {
                    return (null, "a JWT user identity was sent but Security:Oidc is not configured: set its Authority (or JwksFile) and Audience.");
                }

                var result = await tokens.ValidateAsync(identity.PrimaryFieldText.Trim(), cancellationToken).ConfigureAwait(false);
                return result.IsValid ? (result.User, null) : (null, $"JWT user identity refused: {result.Error}");
            default:
                // A bare username proves nothing; Kerberos and SAML are not supported. The association goes on as if
                // none had been sent (no positive response), unless an identity is required.
                return (null, null);
        }
    }

    private static string IdentityName(UserIdentityRequestItem identity) =>
        identity.IdentityType is UserIdentityType.Username or UserIdentityType.UsernameAndPasscode ? identity.PrimaryFieldText : identity.IdentityType.ToString();

    private AssociationAuthentication Refuse(AssociationAuthentication rejection, SecurityEventKind kind, string who, string? remote, string channel)
    {
        events.Raise(new SecurityEvent(kind, who, remote, channel, rejection.RejectCause!));
        return rejection;
    }
}
