using DicomHub.DicomWeb.Client;

namespace DicomHub.Cli.Retrieve;

/// <summary>Where `retrieve --from URL` fetches from: WADO-RS (http/https) or C-GET/C-MOVE (dicom://).</summary>
public interface IRetrieveSource : IDisposable
{
    /// <summary>Writes each instance of <paramref name="target"/> as a Part 10 file under <paramref name="outputDirectory"/>.</summary>
    Task<IReadOnlyList<RetrievedInstance>> RetrieveAsync(WadoTarget target, string outputDirectory, Action<RetrievedInstance>? received, CancellationToken cancellationToken);
}

/// <summary>Chooses the retrieve source by the URL's scheme.</summary>
public static class RetrieveSources
{
    /// <param name="dimse">How to retrieve from a dicom:// URL (C-GET or C-MOVE); null when neither --get nor --move was given.</param>
    /// <param name="credentials">For http(s) sources: the Authorization header (from --token or DICOMHUB_TOKEN).</param>
    public static IRetrieveSource Create(string url, DimseRetrieveOptions? dimse = null, HttpCredentials? credentials = null)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return dimse is null
                ? new DicomWebRetrieveSource(uri, credentials)
                : throw new CliException("--get and --move are for dicom:// sources; WADO-RS (http) needs neither.", CliRunner.UsageError);
        }

        if (Network.DicomNodeUri.IsDicomUri(url))
        {
            var node = Commands.NetworkCliOptions.ParseNode(url);
            return dimse is null
                ? throw new CliException($"'{url}': say how to retrieve over DIMSE: --get (C-GET, on this association) or --move DEST_AE (C-MOVE to an AE title the peer knows; with --port for our receiver).", CliRunner.UsageError)
                : new DimseRetrieveSource(node, dimse);
        }

        throw new CliException($"'{url}' is not a retrieve source: use http(s)://host:port/dicomweb (WADO-RS) or dicom://AE@host:port (C-GET/C-MOVE).", CliRunner.UsageError);
    }
}

/// <summary>WADO-RS from a DICOMweb service root.</summary>
public sealed class DicomWebRetrieveSource(Uri serviceRoot, HttpCredentials? credentials = null) : IRetrieveSource
{
    private readonly HttpClient _http = DicomWebClient.CreateHttpClient();

    public async Task<IReadOnlyList<RetrievedInstance>> RetrieveAsync(WadoTarget target, string outputDirectory, Action<RetrievedInstance>? received, CancellationToken cancellationToken)
    {
        try
        {
            return await new DicomWebClient(_http, serviceRoot, credentials: credentials).RetrieveAsync(target, outputDirectory, received, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DicomWebException or DicomHub.DicomWeb.Multipart.MultipartException)
        {
            throw new CliException(e.Message, CliRunner.Failure, e);
        }
    }

    public void Dispose() => _http.Dispose();
}
