using DicomHub.Archive.Dimse;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Archive.Security.ApiKeys;
using DicomHub.Network.Association;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DicomHub.Server.Security;

/// <summary>
/// Registers authentication and authorisation from the "Security" section: the API key scheme, the OpenID Connect
/// bearer scheme when configured (authority, or a JWKS file for offline sites), a policy scheme that picks one by the
/// token's shape, the per-action policies, the principal resolver, the DIMSE association authenticator, and the
/// security events every refusal goes through.
/// </summary>
internal static class SecurityServices
{
    public const string Scheme = "DicomHub";

    public static SecurityOptions AddArchiveSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var security = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var roles = security.Validate();
        services.AddSingleton(security);
        services.AddSingleton(roles);
        services.AddSingleton<SecurityEvents>();
        services.TryAddSingleton<IApiKeyStore>(sp => sp.GetRequiredService<IRegistry>() as IApiKeyStore
            ?? throw new InvalidOperationException("The registry keeps no API keys."));
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<AnonymousAccess>();
        services.AddSingleton<ConfiguredPrincipalResolver>();
        services.TryAddSingleton<IArchivePrincipalResolver>(sp => sp.GetRequiredService<ConfiguredPrincipalResolver>());
        services.TryAddSingleton<IArchiveAuthorizer, RoleAuthorizer>();
        services.AddSingleton<DimseAccess>();
        services.AddSingleton<IAssociationAuthenticator>(sp => ActivatorUtilities.CreateInstance<ArchiveAssociationAuthenticator>(sp));
        services.AddSingleton<IAuthorizationHandler, ArchiveActionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ArchiveAuthorizationResultHandler>();
        services.AddAuthorization(ArchiveAuthorization.AddPolicies);

        var authentication = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or API key", policy =>
            {
                policy.ForwardDefaultSelector = context =>
                    security.Oidc.IsConfigured && BearerCredential.From(context.Request) is { } token && BearerCredential.LooksLikeJwt(token)
                        ? JwtBearerDefaults.AuthenticationScheme
                        : ArchiveClaims.ApiKeyScheme;

                // One voice for every 401 and 403: a problem body naming the cause and the fix.
                policy.ForwardChallenge = ArchiveClaims.ApiKeyScheme;
                policy.ForwardForbid = ArchiveClaims.ApiKeyScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ArchiveClaims.ApiKeyScheme, null);
        if (security.Oidc.IsConfigured)
        {
            authentication.AddJwtBearer(JwtBearerDefaults.AuthenticationScheme, bearer => ConfigureBearer(bearer, security.Oidc));
            services.AddSingleton<IBearerTokenValidator, JwtTokenValidator>();
        }

        return security;
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, OidcOptions oidc)
    {
        bearer.MapInboundClaims = false;
        bearer.Audience = oidc.Audience;
        bearer.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = string.IsNullOrWhiteSpace(oidc.Issuer) ? null : oidc.Issuer,
            ValidateAudience = true,
            ValidAudience = oidc.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = oidc.ClockSkew,
            NameClaimType = ArchiveClaims.Name,
            RoleClaimType = ArchiveClaims.Role,
        };
        if (!string.IsNullOrWhiteSpace(oidc.JwksFile))
        {
            // Offline: the keys come from the file, the issuer from the settings; nothing is fetched.
            var keys = new JsonWebKeySet(File.ReadAllText(oidc.JwksFile)).GetSigningKeys();
            bearer.TokenValidationParameters.IssuerSigningKeys = keys;
            bearer.Configuration = new OpenIdConnectConfiguration { Issuer = oidc.Issuer };
        }
        else
        {
            bearer.Authority = oidc.Authority;
        }

        bearer.Events = new JwtBearerEvents
        {
            // The web UI signs in with a cookie holding the token; a header always wins.
            OnMessageReceived = context =>
            {
                context.Token = BearerCredential.From(context.Request);
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    ArchiveClaims.AddFromToken(identity, oidc);
                }

                return Task.CompletedTask;
            },
            OnAuthenticationFailed = context =>
            {
                var events = context.HttpContext.RequestServices.GetRequiredService<SecurityEvents>();
                context.Fail(ApiKeyAuthenticationHandler.Fail(context.HttpContext, events, $"the bearer token was refused: {context.Exception.Message}").Failure!);
                return Task.CompletedTask;
            },
        };
    }
}
