using DicomHub.DicomWeb.Client;

namespace DicomHub.Cli.Retrieve;

/// <summary>Where `retrieve --from URL` fetches from: WADO-RS now, C-MOVE/C-GET (dicom://) when the DIMSE retrieve issue lands.</summary>
public interface IRetrieveSource : IDisposable
{
    /// <summary>Writes each instance of <paramref name="target"/> as a Part 10 file under <paramref name="outputDirectory"/>.</summary>
    Task<IReadOnlyList<RetrievedInstance>> RetrieveAsync(WadoTarget target, string outputDirectory, Action<RetrievedInstance>? received, CancellationToken cancellationToken);
}

/// <summary>Chooses the retrieve source by the URL's scheme.</summary>
public static class RetrieveSources
{
    public static IRetrieveSource Create(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return new DicomWebRetrieveSource(uri);
        }

        if (url.StartsWith("dicom://", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"'{url}': C-MOVE/C-GET retrieval (dicom://) is not available yet; retrieve from a DICOMweb server with http(s)://host:port/dicomweb.", CliRunner.UsageError);
        }

        throw new CliException($"'{url}' is not a retrieve source: use http(s)://host:port/dicomweb (WADO-RS).", CliRunner.UsageError);
    }
}

/// <summary>WADO-RS from a DICOMweb service root.</summary>
public sealed class DicomWebRetrieveSource(Uri serviceRoot) : IRetrieveSource
{
    private readonly HttpClient _http = DicomWebClient.CreateHttpClient();

    public async Task<IReadOnlyList<RetrievedInstance>> RetrieveAsync(WadoTarget target, string outputDirectory, Action<RetrievedInstance>? received, CancellationToken cancellationToken)
    {
        try
        {
            return await new DicomWebClient(_http, serviceRoot).RetrieveAsync(target, outputDirectory, received, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DicomWebException or DicomHub.DicomWeb.Multipart.MultipartException)
        {
            throw new CliException(e.Message, CliRunner.Failure, e);
        }
    }

    public void Dispose() => _http.Dispose();
}
