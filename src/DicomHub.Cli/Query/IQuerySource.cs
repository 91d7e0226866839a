using DicomHub.Dicom.Data;
using DicomHub.DicomWeb.Client;

namespace DicomHub.Cli.Query;

/// <summary>Where `query --from URL` searches: QIDO-RS now, C-FIND (dicom://) when the DIMSE query issue lands.</summary>
public interface IQuerySource : IDisposable
{
    Task<QidoResult> QueryAsync(QidoQuery query, CancellationToken cancellationToken);
}

/// <summary>Chooses the query source by the URL's scheme.</summary>
public static class QuerySources
{
    public static IQuerySource Create(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return new DicomWebQuerySource(uri);
        }

        if (url.StartsWith("dicom://", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"'{url}': C-FIND queries (dicom://) are not available yet; query a DICOMweb server with http(s)://host:port/dicomweb.", CliRunner.UsageError);
        }

        throw new CliException($"'{url}' is not a query source: use http(s)://host:port/dicomweb (QIDO-RS).", CliRunner.UsageError);
    }
}

/// <summary>QIDO-RS against a DICOMweb service root.</summary>
public sealed class DicomWebQuerySource(Uri serviceRoot) : IQuerySource
{
    private readonly HttpClient _http = DicomWebClient.CreateHttpClient();

    public async Task<QidoResult> QueryAsync(QidoQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await new DicomWebClient(_http, serviceRoot).QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomWebException e)
        {
            throw new CliException(e.Message, CliRunner.Failure, e);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Values of a match as a table cell: multiple values joined with '\'.</summary>
internal static class QueryCells
{
    public static string Text(DicomDataset match, DicomTag tag) =>
        match[tag] switch
        {
            DicomSequence sequence => $"({sequence.Items.Count} items)",
            DicomElement => match.GetString(tag) ?? string.Empty,
            _ => string.Empty,
        };
}
