using System.Text;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Query;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Json;
using DicomHub.Dicom.Xml;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.DicomWeb.Stow;

/// <summary>
/// The Store Instances Response Module (PS3.18 I.1): ReferencedSOPSequence for stored instances (with
/// WarningReason where stored with a warning), FailedSOPSequence with FailureReason, and the HTTP status of
/// Table 10.5.3-1: 200 all stored, 202 some failed or warned, 409 none stored.
/// </summary>
internal static class StowResponse
{
    public static IResult Create(HttpContext context, IReadOnlyList<IngestResult> results, string? study)
    {
        var baseUrl = DicomWebHttp.BaseUrl(context);
        var response = new DicomDataset();
        var stored = results.Where(r => r.IsStored).ToList();
        var failed = results.Where(r => !r.IsStored).ToList();
        var studies = stored.Select(r => r.StudyInstanceUid).Distinct().ToList();
        var studyUrl = study ?? (studies.Count == 1 ? studies[0] : null);
        if (studyUrl is not null)
        {
            response.AddOrUpdate(DicomTags.RetrieveURL, DicomVR.UR, QueryResultWriter.RetrieveUrl(baseUrl, studyUrl));
        }

        if (failed.Count > 0)
        {
            response.AddOrUpdate(new DicomSequence(DicomTags.FailedSOPSequence, failed.Select(r =>
            {
                var item = Reference(r);
                item.AddOrUpdate(DicomTags.FailureReason, DicomVR.US, r.Status);
                AddReasonText(item, r);
                return item;
            })));
        }

        if (stored.Count > 0)
        {
            response.AddOrUpdate(new DicomSequence(DicomTags.ReferencedSOPSequence, stored.Select(r =>
            {
                var item = Reference(r);
                item.AddOrUpdate(DicomTags.RetrieveURL, DicomVR.UR, QueryResultWriter.RetrieveUrl(baseUrl, r.StudyInstanceUid!, r.SeriesInstanceUid, r.SopInstanceUid));
                if (r.IsWarning)
                {
                    item.AddOrUpdate(DicomTags.WarningReason, DicomVR.US, r.Status);
                    AddReasonText(item, r);
                }

                return item;
            })));
        }

        var status = failed.Count == 0 && stored.All(r => !r.IsWarning) ? StatusCodes.Status200OK
            : stored.Count > 0 ? StatusCodes.Status202Accepted
            : StatusCodes.Status409Conflict;
        Log(context, results, status);

        // A reason per failure, for people reading the response (the codes are for programs).
        foreach (var message in results.Where(r => !r.IsStored || r.IsWarning).Select(r => r.Message).Distinct().Take(5))
        {
            context.Response.Headers.Append("Warning", $"299 dicomhub \"{message.Replace('"', '\'')}\"");
        }

        if (DicomWebHttp.PrefersXml(context.Request))
        {
            return Results.Text(Utf8Xml(response), DicomWebHttp.DicomXml, Encoding.UTF8, status);
        }

        return Results.Text(DicomJsonWriter.Serialize(response), DicomWebHttp.DicomJson, Encoding.UTF8, status);
    }

    // Through a UTF-8 stream, not DicomXmlWriter.Serialize: a StringBuilder makes the declaration say
    // encoding="utf-16", which would contradict the UTF-8 bytes the client receives.
    private static string Utf8Xml(DicomDataset response)
    {
        using var buffer = new MemoryStream();
        using (var xml = System.Xml.XmlWriter.Create(buffer, new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new DicomXmlWriter().Write(xml, response);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Every refusal and warning in the log with its status, reason, instance and caller, as the C-STORE SCP
    /// logs its refusals: an administrator must see why a sender's STOW-RS was refused without its response body.
    /// </summary>
    private static void Log(HttpContext context, IReadOnlyList<IngestResult> results, int httpStatus)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DicomHub.Server.Stow");
        var caller = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        foreach (var r in results)
        {
            if (!r.IsStored)
            {
                logger.LogWarning("STOW-RS from {Caller} refused SOP Instance {SopInstanceUid} (HTTP {HttpStatus}): status 0x{Status:X4}: {Reason}", caller, r.SopInstanceUid ?? "(unknown)", httpStatus, r.Status, r.Message);
            }
            else if (r.IsWarning)
            {
                logger.LogWarning("STOW-RS from {Caller} stored SOP Instance {SopInstanceUid} with warning 0x{Status:X4}: {Reason}", caller, r.SopInstanceUid, r.Status, r.Message);
            }
        }
    }

    /// <summary>
    /// The reason in words beside its code, in the body (not only in a Warning header): as Error Comment
    /// (0000,0902), the element DIMSE uses for the same text, cut to its 64-character LO limit at a word.
    /// </summary>
    private static void AddReasonText(DicomDataset item, IngestResult result)
    {
        if (string.IsNullOrWhiteSpace(result.Message))
        {
            return;
        }

        var text = result.Message.Length <= 64 ? result.Message : result.Message[..(result.Message.LastIndexOf(' ', 63) is > 0 and var cut ? cut : 64)];
        item.AddOrUpdate(DicomTags.ErrorComment, DicomVR.LO, text);
    }

    private static DicomDataset Reference(IngestResult result)
    {
        var item = new DicomDataset();
        if (result.SopClassUid is { Length: > 0 } sopClass)
        {
            item.AddOrUpdate(DicomTags.ReferencedSOPClassUID, DicomVR.UI, sopClass);
        }

        if (result.SopInstanceUid is { Length: > 0 } sopInstance)
        {
            item.AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, sopInstance);
        }

        return item;
    }
}
