using DicomHub.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.WebUi;

/// <summary>
/// The web UI's sign-in: the page sends the API key or token a person pasted as "Authorization: Bearer ..." to
/// POST /ui/session; once it checked out (the normal authentication ran on that request), the answer sets it as an
/// HttpOnly, SameSite=Strict cookie, which then carries every request of the page, images included (an img
/// element cannot send a header). DELETE /ui/session signs out. No session is kept on the server: each request
/// is authenticated from the cookie like any bearer token, on whichever server behind a load balancer.
/// </summary>
internal static class WebUiSession
{
    public static void Map(WebApplication app)
    {
        app.MapPost(WebUiEndpoints.Path + "/session", (HttpContext context) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            if (context.User.Identity?.IsAuthenticated != true || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Sign-in refused",
                    detail: context.Items[BearerCredential.FailureKey] as string ?? "Send the API key or token as 'Authorization: Bearer ...'.");
            }

            context.Response.Cookies.Append(BearerCredential.CookieName, header["Bearer ".Length..].Trim(), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
            return Results.NoContent();
        }).AllowAnyCaller("sign-in: answers 401 unless the credential sent with it checks out");

        app.MapDelete(WebUiEndpoints.Path + "/session", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(BearerCredential.CookieName, new CookieOptions { Path = "/" });
            return Results.NoContent();
        }).AllowAnyCaller("sign-out: only removes the caller's own cookie");
    }
}
