using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.DicomWeb.Json;

namespace DicomHub.DicomWeb.Client;

/// <summary>The matches of a QIDO-RS search and the server's Warning headers (e.g. fuzzy matching unsupported, more results).</summary>
public sealed record QidoResult(IReadOnlyList<DicomDataset> Matches, IReadOnlyList<string> Warnings);

/// <summary>QIDO-RS (PS3.18 10.6): search for studies, series or instances.</summary>
public sealed partial class DicomWebClient
{
    public async Task<QidoResult> QueryAsync(QidoQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var queryString = query.QueryString();
        // The query is escaped by QidoQuery already; stop Uri from escaping it again ('^' to %5E).
        var uri = new Uri(
            ServiceRoot.AbsoluteUri + query.ResourcePath() + (queryString.Length > 0 ? "?" + queryString : string.Empty),
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DicomJson));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        var warnings = response.Headers.Warning.Select(w => w.Text).ToList();
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return new QidoResult([], warnings);
        }

        return new QidoResult(await ReadJsonDatasetsAsync(response, cancellationToken).ConfigureAwait(false), warnings);
    }

    /// <summary>Reads a DICOM JSON array answer; an empty body (some servers send 200 with nothing) is no match.</summary>
    internal static async Task<IReadOnlyList<DicomDataset>> ReadJsonDatasetsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength == 0)
        {
            return [];
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await DicomJsonBody.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new DicomWebException($"{response.RequestMessage?.RequestUri} answered with a body that is not DICOM JSON: {e.Message}", response.StatusCode, e);
        }
    }
}
