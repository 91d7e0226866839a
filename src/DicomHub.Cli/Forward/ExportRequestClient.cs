using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DicomHub.DicomWeb.Client;

namespace DicomHub.Cli.Forward;

/// <summary>A job's progress as the archive reports it (GET /exports/{id}).</summary>
public sealed record ExportProgress(long Id, string State, string Destination, int Total, int Done, int Failed, int Pending, int Attempts, string? LastError, IReadOnlyList<ExportFailure>? Failures)
{
    public bool IsFinished => Pending == 0;
}

public sealed record ExportFailure(string SopInstanceUid, string Error);

/// <summary>What the archive answered to the export request (202).</summary>
public sealed record ExportAcceptance(long Id, string StatusUrl, string Destination, string DestinationUrl, int Instances, string Message);

/// <summary>
/// Talks to a DicomHub archive's export endpoints: asks it to send a study, series or instance to one of its
/// configured destinations, and follows the job. The archive does the sending; this client only asks and watches.
/// </summary>
public sealed class ExportRequestClient(Uri serviceRoot, HttpCredentials? credentials = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = DicomWebClient.CreateHttpClient();
    private readonly Uri _root = serviceRoot.AbsoluteUri.EndsWith('/') ? serviceRoot : new Uri(serviceRoot.AbsoluteUri + "/");

    public async Task<ExportAcceptance> ExportAsync(string study, string? series, string? instance, string destination, CancellationToken cancellationToken)
    {
        var path = "studies/" + Uri.EscapeDataString(study)
            + (series is null ? string.Empty : "/series/" + Uri.EscapeDataString(series))
            + (instance is null ? string.Empty : "/instances/" + Uri.EscapeDataString(instance))
            + "/export?to=" + Uri.EscapeDataString(destination);
        using var response = await SendAsync(HttpMethod.Post, new Uri(_root, path), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new CliException($"The archive refused the export ({(int)response.StatusCode} {response.ReasonPhrase}): {await DetailAsync(response, cancellationToken).ConfigureAwait(false)}");
        }

        return await response.Content.ReadFromJsonAsync<ExportAcceptance>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException("The archive accepted the export but sent no job description.");
    }

    public async Task<ExportProgress> StatusAsync(string statusUrl, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, new Uri(statusUrl), cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException($"Reading the export status at {statusUrl} failed ({(int)response.StatusCode}): {await DetailAsync(response, cancellationToken).ConfigureAwait(false)}");
        }

        return await response.Content.ReadFromJsonAsync<ExportProgress>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"The export status at {statusUrl} was empty.");
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            credentials?.Apply(request);
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"{method} {uri} failed: {e.Message}. Check that the DicomHub archive is running and --from is its DICOMweb root (http://host:port/dicomweb).", CliRunner.Failure, e);
        }
    }

    /// <summary>The problem-details "detail" (what to fix), else the start of the body.</summary>
    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not problem details: show the text itself.
        }

        return body.Length > 300 ? body[..300] + "..." : body;
    }
}
