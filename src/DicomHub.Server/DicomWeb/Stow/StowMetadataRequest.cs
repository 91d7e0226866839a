using System.Text.Json;
using System.Xml;
using DicomHub.Archive.Ingest;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Json;
using DicomHub.Dicom.Xml;
using DicomHub.DicomWeb.Multipart;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.DicomWeb.Stow;

/// <summary>
/// STOW-RS with metadata and bulk data (PS3.18 10.5.1.2.2): multipart/related; type="application/dicom+json" (a
/// part holding a JSON array of instances) or type="application/dicom+xml" (one part per instance), whose bulk data
/// elements carry a BulkDataURI naming another part by its Content-Location. Bulk parts are spooled to disk; each
/// instance is then built as Part 10 (<see cref="MetadataInstanceBuilder"/>) and handed to the same
/// <see cref="IngestBatch"/> as application/dicom parts. Malformed metadata is a 400 with the reason; an instance
/// that cannot be built (no SOP UIDs, a missing bulk part) is a FailedSOPSequence entry.
/// </summary>
internal static class StowMetadataRequest
{
    /// <summary>Metadata is parsed in memory; bulk data belongs in its own parts.</summary>
    private const int MaxMetadataBytes = 64 * 1024 * 1024;

    public static async Task<IResult> StoreAsync(HttpContext context, IngestPipeline pipeline, string boundary, string metadataType, string? study, ILogger logger)
    {
        var cancellationToken = context.RequestAborted;
        await using var reader = new MultipartRelatedReader(context.Request.BodyReader, boundary);
        await using var bulk = pipeline.BeginBulkData();
        var source = new IngestSource(IngestProtocol.StowRs, context.Connection.RemoteIpAddress?.ToString(), study) { Principal = context.Principal() };
        await using var batch = pipeline.BeginBatch(source);
        var metadata = new List<DicomDataset>();
        var failures = new List<IngestResult>();
        var parts = 0;
        try
        {
            while (await reader.ReadNextPartAsync(cancellationToken).ConfigureAwait(false) is { } part)
            {
                parts++;
                var media = LenientMediaType.Parse(part.ContentType is { Length: > 0 } t ? t : metadataType);
                if (media is null)
                {
                    return DicomWebHttp.Problem(400, "Invalid part", $"Part {parts} has the Content-Type '{part.ContentType}', which is not a media type.");
                }

                if (media.Is(DicomWebHttp.DicomJson) || media.Is(DicomWebHttp.DicomXml))
                {
                    var body = await BoundedBody.ReadAsync(part.Body, MaxMetadataBytes, $"Metadata part {parts}", cancellationToken).ConfigureAwait(false);
                    metadata.AddRange(await ParseAsync(body, media.Is(DicomWebHttp.DicomXml), parts, cancellationToken).ConfigureAwait(false));
                }
                else if (media.Is(DicomWebHttp.Dicom))
                {
                    await batch.AddAsync(part.Body, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    try
                    {
                        await bulk.AddAsync(part.Body, part.ContentLocation, part.ContentId, media.MediaType, media["transfer-syntax"], cancellationToken).ConfigureAwait(false);
                    }
                    catch (InstanceTooLargeException e)
                    {
                        failures.Add(IngestResult.Failure(StoreStatus.OutOfResources, $"Bulk data part {parts} ({part.ContentLocation}): {e.Message}"));
                    }
                }
            }
        }
        catch (FormatException e)
        {
            return DicomWebHttp.Problem(400, "Malformed metadata", e.Message);
        }
        catch (Exception e) when (e is MultipartException or InvalidDataException)
        {
            return DicomWebHttp.Problem(400, "Malformed multipart body", $"The multipart body is malformed or ended early (part {parts}): {e.Message}; nothing was stored.");
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            logger.LogInformation("STOW-RS metadata request abandoned after {Parts} parts: {Error}", parts, e.Message);
            return Results.Empty;
        }

        if (metadata.Count == 0 && batch.Count == 0)
        {
            return DicomWebHttp.Problem(400, "No metadata", $"The request has no {metadataType} part: with type=\"{metadataType}\" the instances are described by a metadata part and their bulk data follow in parts named by Content-Location.");
        }

        foreach (var instance in metadata)
        {
            var (file, failure) = MetadataInstanceBuilder.Build(instance, bulk);
            if (failure is not null)
            {
                failures.Add(failure);
                continue;
            }

            await batch.AddAsync(file!, cancellationToken).ConfigureAwait(false);
        }

        var results = (await batch.CompleteAsync(cancellationToken).ConfigureAwait(false)).Concat(failures).ToList();
        return StowResponse.Create(context, results, study);
    }

    /// <exception cref="FormatException">The part is not DICOM JSON (an array of data sets, or one) or Native DICOM Model XML.</exception>
    private static async Task<IReadOnlyList<DicomDataset>> ParseAsync(byte[] body, bool xml, int part, CancellationToken cancellationToken)
    {
        try
        {
            if (xml)
            {
                using var stream = new MemoryStream(body);
                return [await DicomXmlReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false)];
            }

            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
            return DicomJsonReader.ReadMany(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or DicomJsonException or XmlException or FormatException or OverflowException or InvalidOperationException)
        {
            throw new FormatException($"Metadata part {part} is not valid {(xml ? "DICOM XML (Native DICOM Model)" : "DICOM JSON")}: {e.Message}", e);
        }
    }
}
