using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DicomHub.Dicom.Data;
using DicomHub.DicomWeb.Json;

namespace DicomHub.DicomWeb.Client;

/// <summary>What a Key Object Selection manifest should list (empty lists: the whole study) and its title code.</summary>
public sealed record ManifestOptions
{
    public IReadOnlyList<string> SeriesInstanceUids { get; init; } = [];

    public IReadOnlyList<string> SopInstanceUids { get; init; } = [];

    /// <summary>VALUE^SCHEME^MEANING, e.g. "113000^DCM^Of Interest"; null for the server's default.</summary>
    public string? Title { get; init; }

    public string? Description { get; init; }
}

/// <summary>DicomHub's manifest resource: POST {root}/studies/{study}/manifest (not part of PS3.18).</summary>
public sealed partial class DicomWebClient
{
    /// <summary>Asks the archive to make and store a manifest; returns its answer (study, series, SOP instance UIDs, RetrieveURL).</summary>
    public async Task<DicomDataset> CreateManifestAsync(string studyInstanceUid, ManifestOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ManifestOptions();
        var body = RequestBody(options);
        using var request = new HttpRequestMessage(HttpMethod.Post, Resource("studies", studyInstanceUid, "manifest"))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName } } },
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DicomJson));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return (await DicomJsonBody.ReadAsync(stream, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new DicomWebException($"POST {request.RequestUri} answered {(int)response.StatusCode} without the manifest's identity in DICOM JSON.", response.StatusCode);
    }

    private static byte[] RequestBody(ManifestOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("series");
            foreach (var uid in options.SeriesInstanceUids)
            {
                json.WriteStringValue(uid);
            }

            json.WriteEndArray();
            json.WriteStartArray("instances");
            foreach (var uid in options.SopInstanceUids)
            {
                json.WriteStringValue(uid);
            }

            json.WriteEndArray();
            if (options.Title is not null)
            {
                json.WriteString("title", options.Title);
            }

            if (options.Description is not null)
            {
                json.WriteString("description", options.Description);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
