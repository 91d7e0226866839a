using System.Net;
using DicomHub.Server.Options;
using DicomHub.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace DicomHub.Server.Viewer;

/// <summary>
/// OHIF at /viewer/: the static site from <see cref="ViewerSite"/>, app-config.js generated per request from the
/// settings, and index.html for every other path so the viewer's own routes (/viewer/viewer?StudyInstanceUIDs=...)
/// load. Without an installed viewer every /viewer/ path answers 404 with a page that says how to add it; the
/// archive itself runs the same either way.
/// </summary>
internal static class ViewerEndpoints
{
    public const string Prefix = "/viewer";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void Map(WebApplication app, DicomWebOptions web, ViewerOptions options, ViewerSite site)
    {
        // The viewer's static site holds no data; its DICOMweb requests carry the caller's credential (the web UI's
        // sign-in cookie) and are checked there.
        const string Public = "the OHIF viewer's static files and settings: no patient data";
        app.MapGet(Prefix, () => Results.Redirect(Prefix + "/")).AllowAnyCaller(Public);
        app.MapGet(Prefix + "/app-config.js", () => site.IsInstalled
            ? Results.Text(OhifAppConfig.Generate(web, options), "text/javascript; charset=utf-8")
            : NotInstalled(site)).AllowAnyCaller(Public);
        app.MapGet(Prefix + "/{**path}", (HttpContext context, string? path) => Serve(context, site, path ?? string.Empty)).AllowAnyCaller(Public);
    }

    private static IResult Serve(HttpContext context, ViewerSite site, string path)
    {
        if (site.Files is null)
        {
            return NotInstalled(site);
        }

        var file = site.Files.GetFileInfo(path);
        if (path.Length > 0 && file.Exists && !file.IsDirectory && file.PhysicalPath is { } physical)
        {
            // The bundles' names carry their content hash: they never change under the same name.
            var immutable = path.Contains(".bundle.", StringComparison.Ordinal) || path.EndsWith(".wasm", StringComparison.Ordinal);
            context.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
            var type = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            return Results.File(physical, type, lastModified: file.LastModified, entityTag: new EntityTagHeaderValue($"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\""), enableRangeProcessing: true);
        }

        // A missing file stays a 404; any other path is one of the viewer's own routes.
        if (System.IO.Path.HasExtension(path))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "no-cache";
        return Results.File(site.Files.GetFileInfo("index.html").PhysicalPath!, "text/html; charset=utf-8");
    }

    private static IResult NotInstalled(ViewerSite site)
    {
        var searched = site.Searched.Count == 0
            ? "<p>The viewer is switched off (<code>Viewer:Enabled</code> is false).</p>"
            : $"<p>Looked for it in: {string.Join(", ", site.Searched.Select(s => $"<code>{WebUtility.HtmlEncode(s)}</code>"))}.</p>";
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>DicomHub: viewer not installed</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto">
            <h1>The OHIF viewer is not installed</h1>
            <p>The archive runs without it: DICOMweb, DIMSE and the web UI at <a href="/ui/">/ui/</a> work as usual.</p>
            {searched}
            <p>To add it, on a machine that reaches the npm registry (node and npm from Debian's <code>nodejs</code> and
            <code>npm</code> packages, or from NodeSource), run in the DicomHub checkout:</p>
            <pre>scripts/fetch-viewer.sh</pre>
            <p>It fetches the pinned <code>@ohif/app</code> package with <code>npm pack</code>, checks its integrity and
            unpacks it into <code>.dicomhub/viewer/ohif</code>. For an offline machine, copy that folder over and point
            <code>Viewer:Path</code> (<code>DICOMHUB_Viewer__Path</code>) at it, then restart the archive.</p>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
    }
}
