using DicomHub.Dicom.Data;
using DicomHub.DicomWeb.Client;
using DicomHub.Network;

namespace DicomHub.Cli.Query;

/// <summary>Where `query --from URL` searches: QIDO-RS (http/https) or C-FIND (dicom://).</summary>
public interface IQuerySource : IDisposable
{
    Task<QidoResult> QueryAsync(QidoQuery query, CancellationToken cancellationToken);
}

/// <summary>Chooses the query source by the URL's scheme.</summary>
public static class QuerySources
{
    /// <param name="credentials">For http(s) sources: the Authorization header (from --token or DICOMHUB_TOKEN).</param>
    public static IQuerySource Create(string url, HttpCredentials? credentials = null)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return new DicomWebQuerySource(uri, credentials);
        }

        if (DicomNodeUri.IsDicomUri(url))
        {
            return new DimseQuerySource(Commands.NetworkCliOptions.ParseNode(url));
        }

        throw new CliException($"'{url}' is not a query source: use http(s)://host:port/dicomweb (QIDO-RS) or dicom://AE@host:port (C-FIND).", CliRunner.UsageError);
    }
}

/// <summary>QIDO-RS against a DICOMweb service root.</summary>
public sealed class DicomWebQuerySource(Uri serviceRoot, HttpCredentials? credentials = null) : IQuerySource
{
    private readonly HttpClient _http = DicomWebClient.CreateHttpClient();

    public async Task<QidoResult> QueryAsync(QidoQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await new DicomWebClient(_http, serviceRoot, credentials: credentials).QueryAsync(query, cancellationToken).ConfigureAwait(false);
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
