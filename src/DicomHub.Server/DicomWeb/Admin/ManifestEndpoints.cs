using System.Text;
using System.Text.Json;
using DicomHub.Archive.Documents;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Query;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Documents;
using DicomHub.Dicom.Json;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace DicomHub.Server.DicomWeb.Admin;

/// <summary>
/// POST /studies/{study}/manifest: makes a Key Object Selection document listing instances of the study (all of
/// them by default) and stores it in the study. The choice comes from query parameters (series, instance: UIDs,
/// repeatable or comma-separated; title=VALUE^SCHEME^MEANING; description) or a JSON body with the same names
/// ({"series": [...], "instances": [...], "title": "113000^DCM^Of Interest", "description": "..."}).
/// The answer (201) is DICOM JSON naming the new instance: its study, series and SOP instance UIDs and RetrieveURL.
/// </summary>
internal static class ManifestEndpoints
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/studies/{study}/manifest", (HttpContext context, ManifestService manifests, string study) => CreateAsync(context, manifests, study));

    private static async Task<IResult> CreateAsync(HttpContext context, ManifestService manifests, string study)
    {
        ManifestRequest request;
        try
        {
            request = await ReadRequestAsync(context.Request, study, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            return DicomWebHttp.Problem(400, "Invalid manifest request", e.Message);
        }

        ManifestResult result;
        try
        {
            result = await manifests.CreateAsync(request, new IngestSource(IngestProtocol.StowRs, context.Connection.RemoteIpAddress?.ToString()) { Principal = context.Principal() }, context.RequestAborted).ConfigureAwait(false);
        }
        catch (ManifestException e)
        {
            return e.Problem switch
            {
                ManifestProblem.StudyMissing => DicomWebHttp.Problem(404, "Study not found", e.Message),
                ManifestProblem.ReferenceMissing => DicomWebHttp.Problem(404, "Referenced instance not found", e.Message),
                ManifestProblem.InvalidRequest => DicomWebHttp.Problem(400, "Invalid manifest request", e.Message),
                _ => DicomWebHttp.Problem(500, "Manifest not stored", e.Message),
            };
        }

        var stored = result.Stored;
        var retrieveUrl = QueryResultWriter.RetrieveUrl(DicomWebHttp.BaseUrl(context), stored.StudyInstanceUid!, stored.SeriesInstanceUid, stored.SopInstanceUid);
        var answer = new DicomDataset();
        answer.AddOrUpdate(DicomTags.SOPClassUID, DicomVR.UI, stored.SopClassUid!);
        answer.AddOrUpdate(DicomTags.SOPInstanceUID, DicomVR.UI, stored.SopInstanceUid!);
        answer.AddOrUpdate(DicomTags.RetrieveURL, DicomVR.UR, retrieveUrl);
        answer.AddOrUpdate(DicomTags.StudyInstanceUID, DicomVR.UI, stored.StudyInstanceUid!);
        answer.AddOrUpdate(DicomTags.SeriesInstanceUID, DicomVR.UI, stored.SeriesInstanceUid!);
        answer.AddOrUpdate(DicomTags.NumberOfStudyRelatedInstances, DicomVR.IS, result.ReferencedInstances.ToString(System.Globalization.CultureInfo.InvariantCulture));
        context.Response.Headers.Location = retrieveUrl;
        return Results.Text(DicomJsonWriter.Serialize(answer), DicomWebHttp.DicomJson, Encoding.UTF8, StatusCodes.Status201Created);
    }

    private static async Task<ManifestRequest> ReadRequestAsync(HttpRequest http, string study, CancellationToken cancellationToken)
    {
        var series = Uids(http.Query["series"]);
        var instances = Uids(http.Query["instance"]).Concat(Uids(http.Query["instances"])).ToList();
        var title = http.Query["title"].ToString();
        var description = http.Query["description"].ToString();
        if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            if (http.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"The manifest request body must be JSON (application/json); it is '{type}'.");
            }

            var body = await BoundedBody.ReadAsync(http.Body, MaxBodyBytes, "The manifest request body", cancellationToken).ConfigureAwait(false);
            if (body.Length > 0)
            {
                try
                {
                    using var json = JsonDocument.Parse(body);
                    var root = json.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        throw new FormatException("The manifest request body must be a JSON object such as {\"series\": [\"1.2.3\"], \"title\": \"113000^DCM^Of Interest\"}.");
                    }

                    series.AddRange(Strings(root, "series"));
                    instances.AddRange(Strings(root, "instances"));
                    title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : title;
                    description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : description;
                }
                catch (JsonException e)
                {
                    throw new FormatException($"The manifest request body is not valid JSON: {e.Message}");
                }
            }
        }

        var code = CodedConcept.OfInterest;
        if (!string.IsNullOrWhiteSpace(title))
        {
            code = CodedConcept.TryParse(title) ?? throw new FormatException($"title '{title}' is not a code: write VALUE^SCHEME^MEANING, e.g. 113000^DCM^Of Interest (CID 7010).");
        }

        return new ManifestRequest(study)
        {
            SeriesInstanceUids = series,
            SopInstanceUids = instances,
            Title = code,
            Description = string.IsNullOrWhiteSpace(description) ? null : description,
        };
    }

    private static List<string> Uids(StringValues values) =>
        [.. values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    private static IEnumerable<string> Strings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw new FormatException($"\"{name}\" must be an array of UID strings.");
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }
}
