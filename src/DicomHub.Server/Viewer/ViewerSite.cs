using Microsoft.Extensions.FileProviders;

namespace DicomHub.Server.Viewer;

/// <summary>Where the viewer's static files are, found once at start; null <see cref="Files"/> when not installed.</summary>
public sealed class ViewerSite
{
    /// <summary>The folder scripts/fetch-viewer.sh fills, relative to the checkout's root.</summary>
    public const string CheckoutCache = ".dicomhub/viewer/ohif";

    private ViewerSite(string? root, PhysicalFileProvider? files, string[] searched)
    {
        Root = root;
        Files = files;
        Searched = searched;
    }

    public string? Root { get; }

    public PhysicalFileProvider? Files { get; }

    /// <summary>The folders looked at, for the page that explains a missing viewer.</summary>
    public IReadOnlyList<string> Searched { get; }

    public bool IsInstalled => Files is not null;

    /// <summary>
    /// The configured folder when set; otherwise viewer/ beside the program (a published install) and then the
    /// checkout cache of the nearest folder above the program that has one (./dicomhub and the tests run from the checkout).
    /// </summary>
    public static ViewerSite Locate(ViewerOptions options, string programFolder)
    {
        if (!options.Enabled)
        {
            return new ViewerSite(null, null, []);
        }

        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Path))
        {
            candidates.Add(System.IO.Path.GetFullPath(options.Path));
        }
        else
        {
            candidates.Add(System.IO.Path.Combine(programFolder, "viewer"));
            for (var folder = new DirectoryInfo(programFolder); folder is not null; folder = folder.Parent)
            {
                if (Directory.Exists(System.IO.Path.Combine(folder.FullName, ".dicomhub")))
                {
                    candidates.Add(System.IO.Path.Combine(folder.FullName, CheckoutCache));
                    break;
                }
            }
        }

        foreach (var candidate in candidates)
        {
            if (File.Exists(System.IO.Path.Combine(candidate, "index.html")))
            {
                return new ViewerSite(candidate, new PhysicalFileProvider(candidate), [.. candidates]);
            }
        }

        return new ViewerSite(null, null, [.. candidates]);
    }
}
