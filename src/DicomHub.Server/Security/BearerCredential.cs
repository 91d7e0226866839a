using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.Security;

/// <summary>
/// Where an HTTP caller's credential is: "Authorization: Bearer ..." (an API key or a JWT, told apart by shape), or
/// the web UI's session cookie. The cookie counts only for requests that cannot change anything (GET, HEAD) or that
/// come from this server's own pages (Origin or Referer naming this host), so another site cannot make a signed-in
/// browser store or delete (SameSite=Strict already keeps the cookie off cross-site requests).
/// </summary>
internal static class BearerCredential
{
    public const string CookieName = "dicomhub_token";

    /// <summary>HttpContext.Items key under which a refused credential's reason is kept for the challenge.</summary>
    public const string FailureKey = "dicomhub:authentication-failure";

    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        if (request.Cookies.TryGetValue(CookieName, out var cookie) && !string.IsNullOrWhiteSpace(cookie) && (IsSafe(request.Method) || IsSameOrigin(request)))
        {
            return cookie;
        }

        return null;
    }

    /// <summary>A compact JWS (header.payload.signature); API keys have no dots.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            origin = request.Headers.Referer.ToString();
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);
    }
}
