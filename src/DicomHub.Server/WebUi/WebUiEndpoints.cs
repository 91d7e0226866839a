using DicomHub.Archive.Destinations;
using DicomHub.Archive.Security;
using DicomHub.Server.DicomWeb.Http;
using DicomHub.Server.Options;
using DicomHub.Server.Security;
using DicomHub.Server.Viewer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace DicomHub.Server.WebUi;

/// <summary>
/// The browser UI at /ui/: static files (WebUi/wwwroot, copied beside the program) that drive the archive
/// through its public DICOMweb API, plus /ui/config.json, what a page cannot know: where DICOMweb
/// lives (DicomWeb:BasePath), whether the OHIF viewer is there, and the destinations it may export to. / redirects here.
/// </summary>
internal static class WebUiEndpoints
{
    public const string Path = "/ui";

    /// <summary>The page's static files (no data in them), served ahead of authentication.</summary>
    public static void UseStaticFiles(WebApplication app)
    {
        var root = System.IO.Path.Combine(AppContext.BaseDirectory, "webui");
        if (Directory.Exists(root))
        {
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = Path });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = Path });
        }
    }

    public static void Map(WebApplication app, DicomWebOptions web, ViewerSite viewer)
    {
        app.MapGet("/", () => Results.Redirect(Path + "/")).AllowAnyCaller("a redirect to the web UI's page");

        // Anyone may learn where DICOMweb lives and whether to sign in; only callers who may export see the destinations.
        app.MapGet(Path + "/config.json", (HttpContext context, DestinationCatalog destinations) =>
        {
            var caller = context.Principal();
            return Results.Json(new WebUiConfiguration(
                web.BasePath,
                viewer.IsInstalled ? ViewerEndpoints.Prefix + "/viewer" : null,
                caller.Can(ArchiveAction.Read) ? "signed-in" : "sign-in-required",
                caller.Can(ArchiveAction.Export)
                    ? [.. destinations.All.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => new WebUiDestination(d.Name, d.Protocol.ToString(), d.ToString()))]
                    : []));
        }).AllowAnyCaller("the DICOMweb path and whether to sign in; destinations only for callers with the Export role");
        WebUiSession.Map(app);
    }
}

/// <param name="ViewerStudyUrl">OHIF's study route (append ?StudyInstanceUIDs=UID), or null when the viewer is not installed.</param>
/// <param name="Access">"signed-in" when the caller (possibly anonymous) may read, "sign-in-required" when the page must ask for a credential.</param>
internal sealed record WebUiConfiguration(string DicomWebBasePath, string? ViewerStudyUrl, string Access, IReadOnlyList<WebUiDestination> Destinations);

internal sealed record WebUiDestination(string Name, string Protocol, string Address);
