using System.Security.Claims;

namespace DicomHub.Archive.Security;

/// <summary>
/// Validates an OpenID Connect bearer token (a JWT) exactly as the HTTP front end does: signature, issuer, audience,
/// lifetime. DIMSE uses it for a JWT user identity (PS3.7 D.3.3.7, type 5). Registered only when Security:Oidc is configured.
/// </summary>
public interface IBearerTokenValidator
{
    /// <summary>The token's identity with the DicomHub claims added (<see cref="ArchiveClaims"/>), or the reason it was refused.</summary>
    Task<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default);
}

public sealed record TokenValidation(ClaimsPrincipal? User, string? Error)
{
    public bool IsValid => User is not null;
}
