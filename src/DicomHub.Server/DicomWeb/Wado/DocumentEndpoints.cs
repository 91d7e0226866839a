using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Data.Buffers;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Documents;
using DicomHub.Dicom.IO;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.DicomWeb.Wado;

/// <summary>
/// WADO-RS of an encapsulated document in its own media type (PS3.18 8.7.3.5, Table 8.7.3-5): an instance or its
/// Encapsulated Document bulk data asked for as application/pdf (or the document's stored MIME type, e.g. text/xml
/// for CDA) gives the document's bytes, without the DICOM wrapping and without the even-length padding.
/// </summary>
internal static class DocumentEndpoints
{
    /// <summary>The media type of a document the Accept header asks for, or null when it asks for DICOM.</summary>
    public static LenientMediaType? RequestedDocument(HttpRequest request)
    {
        foreach (var range in SplitAccept(request.Headers.Accept.ToString()))
        {
            if (LenientMediaType.Parse(range) is not { } media)
            {
                continue;
            }

            if (media.Is("multipart/related") && media["type"] is { } type && IsDocumentType(type))
            {
                return media;
            }

            if (IsDocumentType(media.MediaType))
            {
                return media;
            }
        }

        return null;
    }

    /// <summary>GET .../instances/{uid} with a document media type in Accept.</summary>
    public static async Task<IResult> InstanceAsync(HttpContext context, RetrieveService retrieve, InstanceScope scope, LenientMediaType requested)
    {
        var (instance, file, error) = await FrameEndpoints.OpenAsync(context, retrieve, scope, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        return await WriteAsync(context, instance!, file!, requested).ConfigureAwait(false);
    }

    /// <summary>Writes the Encapsulated Document of <paramref name="file"/> when its MIME type is the one asked for.</summary>
    public static async Task<IResult> WriteAsync(HttpContext context, StoredInstance instance, DicomFile file, LenientMediaType requested)
    {
        var dataset = file.Dataset;
        if (dataset[DicomTags.EncapsulatedDocument] is not DicomElement document)
        {
            return DicomWebHttp.Problem(406, "Not an encapsulated document",
                $"Instance {instance.SopInstanceUid} (SOP class {instance.SopClassUid}) holds no Encapsulated Document (0042,0011); ask for application/dicom instead of '{context.Request.Headers.Accept}'.");
        }

        var stored = dataset.GetString(DicomTags.MIMETypeOfEncapsulatedDocument)?.Trim() ?? string.Empty;
        var wanted = requested.Is("multipart/related") ? requested["type"]! : requested.MediaType;
        if (!stored.Equals(wanted, StringComparison.OrdinalIgnoreCase))
        {
            return DicomWebHttp.Problem(406, "Not acceptable",
                $"Instance {instance.SopInstanceUid} encapsulates a '{stored}' document, not '{wanted}'; ask for {stored} or application/dicom.");
        }

        var length = EncapsulatedPdf.DocumentLength(dataset);
        var cancellationToken = context.RequestAborted;
        async Task CopyAsync(Stream body)
        {
            await using var source = document.Buffer.OpenRead();
            await using var slice = new SubStream(source, 0, length);
            await slice.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        }

        if (requested.Is("multipart/related"))
        {
            var multipart = new MultipartResponse(context.Response, stored);
            await multipart.WritePartAsync(stored, CopyAsync, cancellationToken).ConfigureAwait(false);
            await multipart.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return Results.Empty;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = stored;
        context.Response.ContentLength = length;
        await CopyAsync(context.Response.Body).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>Anything but the DICOM types, octet-stream and wildcards: those keep their existing meaning.</summary>
    private static bool IsDocumentType(string mediaType) =>
        mediaType.Contains('/', StringComparison.Ordinal)
        && !mediaType.Contains('*', StringComparison.Ordinal)
        && !mediaType.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase)
        && !mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
        && !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
        && !mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
        && !mediaType.Equals(DicomWebHttp.OctetStream, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits an Accept header at the commas that are not inside quotes.</summary>
    private static IEnumerable<string> SplitAccept(string accept)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < accept.Length; i++)
        {
            if (accept[i] == '"')
            {
                quoted = !quoted;
            }
            else if (accept[i] == ',' && !quoted)
            {
                yield return accept[start..i];
                start = i + 1;
            }
        }

        yield return accept[start..];
    }
}
