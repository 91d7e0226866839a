using System.Text.Encodings.Web;
using DicomHub.Archive.Security;
using DicomHub.Archive.Security.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomHub.Server.Security;

/// <summary>
/// Authenticates "Authorization: Bearer dhk_..." against the API keys in the registry, and answers every challenge
/// of the archive (401 with WWW-Authenticate: Bearer, and a problem body naming the cause and the fix), whichever
/// credential was missing or wrong.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService apiKeys,
    AnonymousAccess anonymous,
    SecurityOptions security,
    SecurityEvents events) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        await anonymous.RefreshAsync(Context.RequestAborted).ConfigureAwait(false);
        var token = BearerCredential.From(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        string reason;
        if (ApiKeySecret.TryParse(token, out var id))
        {
            var key = await apiKeys.VerifyAsync(token, Context.RequestAborted).ConfigureAwait(false);
            if (key is not null)
            {
                return AuthenticateResult.Success(new AuthenticationTicket(ArchiveClaims.ForApiKey(key), Scheme.Name));
            }

            reason = $"API key {id} is unknown or revoked: ask an administrator for a new one (dicomhub apikey create).";
        }
        else
        {
            reason = security.Oidc.IsConfigured
                ? "the bearer token is neither a DicomHub API key (dhk_...) nor a JWT."
                : "the bearer token is not a DicomHub API key (dhk_...), and tokens from an identity provider are not accepted because Security:Oidc is not configured.";
        }

        return Fail(Context, events, reason);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[BearerCredential.FailureKey] as string;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer realm=\"DicomHub\"" : "Bearer realm=\"DicomHub\", error=\"invalid_token\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required",
            detail: failure is null
                ? "This archive requires a credential: send 'Authorization: Bearer <API key or token>' (dicomhub verbs take --token or DICOMHUB_TOKEN; the web UI has a sign-in field)."
                : $"The credential was refused: {failure}").ExecuteAsync(Context).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var why = Context.Items[ArchiveAuthorization.RefusalKey] as string ?? "the credential's roles do not allow this request.";
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: why).ExecuteAsync(Context).ConfigureAwait(false);
    }

    /// <summary>Records and raises a refused credential (API key or token) and fails authentication with it.</summary>
    internal static AuthenticateResult Fail(HttpContext context, SecurityEvents events, string reason)
    {
        context.Items[BearerCredential.FailureKey] = reason;
        events.Raise(new SecurityEvent(SecurityEventKind.AuthenticationFailed, "bearer credential", context.Connection.RemoteIpAddress?.ToString(), "DICOMweb", reason)
        {
            Resource = $"{context.Request.Method} {context.Request.Path}",
        });
        return AuthenticateResult.Fail(reason);
    }
}
