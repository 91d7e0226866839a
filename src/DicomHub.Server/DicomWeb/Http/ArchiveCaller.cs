using DicomHub.Archive.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DicomHub.Server.DicomWeb.Http;

/// <summary>The archive principal of an HTTP request, resolved once from its authenticated user and kept for the request.</summary>
internal static class ArchiveCaller
{
    private static readonly object Key = new();

    public static ArchivePrincipal Principal(this HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var cached) && cached is ArchivePrincipal principal)
        {
            return principal;
        }

        principal = context.RequestServices.GetRequiredService<IArchivePrincipalResolver>().FromHttp(context.User, context.Connection.RemoteIpAddress);
        context.Items[Key] = principal;
        return principal;
    }

    /// <summary>401 for a caller with no credential (it may retry with one), 403 for one whose roles are too few.</summary>
    public static int StatusOf(ArchiveAccessDeniedException denied) =>
        denied.Principal.Kind == PrincipalKind.Anonymous ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
}
