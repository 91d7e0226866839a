using System.Security.Claims;
using DicomHub.Archive.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DicomHub.Server.Security;

/// <summary>
/// Validates a JWT with the very settings the HTTP bearer scheme uses (its validation parameters, and the signing
/// keys and issuer of the provider's discovery document or the JWKS file): a DIMSE user identity of type JWT is
/// held to the same rules as an HTTP request.
/// </summary>
internal sealed class JwtTokenValidator(IOptionsMonitor<JwtBearerOptions> bearerOptions, SecurityOptions security) : IBearerTokenValidator
{
    public async Task<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        var options = bearerOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } manager)
        {
            try
            {
                var configuration = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
                parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], .. parameters.ValidIssuer is null ? [configuration.Issuer] : Array.Empty<string>()];
                parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
            }
            catch (InvalidOperationException e)
            {
                return new TokenValidation(null, $"the identity provider's keys could not be fetched from {security.Oidc.Authority}: {e.Message}");
            }
        }

        var handler = new JsonWebTokenHandler { MapInboundClaims = false };
        var result = await handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return new TokenValidation(null, result.Exception?.Message ?? "the token is not valid");
        }

        ArchiveClaims.AddFromToken(result.ClaimsIdentity, security.Oidc);
        return new TokenValidation(new ClaimsPrincipal(result.ClaimsIdentity), null);
    }
}
