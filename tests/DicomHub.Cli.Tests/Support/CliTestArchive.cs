using System.Globalization;
using DicomHub.Server;
using Microsoft.AspNetCore.Builder;

namespace DicomHub.Cli.Tests.Support;

/// <summary>
/// An in-process DicomHub archive for the CLI's end-to-end tests: DICOMweb and DIMSE (AE ARCHIVE) on free ports,
/// data under the given folder, quiet logs. The caller starts and stops it.
/// </summary>
internal static class CliTestArchive
{
    public const string AeTitle = "ARCHIVE";

    public static WebApplication Build(string dataDirectory, params (string Key, string Value)[] extraSettings)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["DicomWeb:HttpPort"] = "0",
            ["Dimse:Enabled"] = "true",
            ["Dimse:Port"] = "0",
            ["Dimse:AeTitle"] = AeTitle,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }

        return DicomHubServer.Build([], settings);
    }

    /// <summary>dicom://ARCHIVE@127.0.0.1:PORT of a started archive.</summary>
    public static string DimseUri(WebApplication app) =>
        $"dicom://{AeTitle}@127.0.0.1:{DicomHubServer.DimsePort(app)!.Value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The DICOMweb base URL of a started archive.</summary>
    public static string WebUri(WebApplication app) => new Uri(DicomHubServer.HttpAddress(app), "/dicomweb").AbsoluteUri;
}
