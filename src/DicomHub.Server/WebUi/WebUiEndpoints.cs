using DicomHub.Archive.Destinations;
using DicomHub.Server.Options;
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

    public static void Map(WebApplication app, DicomWebOptions web, ViewerSite viewer)
    {
        var root = System.IO.Path.Combine(AppContext.BaseDirectory, "webui");
        if (Directory.Exists(root))
        {
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = Path });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root), RequestPath = Path });
        }

        app.MapGet("/", () => Results.Redirect(Path + "/"));
        app.MapGet(Path + "/config.json", (DestinationCatalog destinations) => Results.Json(new WebUiConfiguration(
            web.BasePath,
            viewer.IsInstalled ? ViewerEndpoints.Prefix + "/viewer" : null,
            [.. destinations.All.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => new WebUiDestination(d.Name, d.Protocol.ToString(), d.ToString()))])));
    }
}

/// <param name="ViewerStudyUrl">OHIF's study route (append ?StudyInstanceUIDs=UID), or null when the viewer is not installed.</param>
internal sealed record WebUiConfiguration(string DicomWebBasePath, string? ViewerStudyUrl, IReadOnlyList<WebUiDestination> Destinations);

internal sealed record WebUiDestination(string Name, string Protocol, string Address);
