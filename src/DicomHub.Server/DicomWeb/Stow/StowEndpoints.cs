using DicomHub.Archive.Ingest;
using DicomHub.Dicom.Data;
using DicomHub.DicomWeb.Multipart;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.DicomWeb.Stow;

/// <summary>
/// STOW-RS (PS3.18 10.5): POST /studies and /studies/{study} with multipart/related; type="application/dicom"
/// (metadata with bulk data, type="application/dicom+json" or "+xml", goes to <see cref="StowMetadataRequest"/>).
/// The body is read part by part as a stream; each part goes straight into the ingest pipeline, so memory
/// stays flat whatever the request size.
/// </summary>
internal static class StowEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/studies", (HttpContext context, IngestPipeline pipeline, ILoggerFactory logs) => StoreAsync(context, pipeline, null, logs));
        group.MapPost("/studies/{study}", (HttpContext context, IngestPipeline pipeline, string study, ILoggerFactory logs) => StoreAsync(context, pipeline, study, logs));
    }

    private static async Task<IResult> StoreAsync(HttpContext context, IngestPipeline pipeline, string? study, ILoggerFactory logs)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        if (study is not null && !DicomUid.IsValid(study))
        {
            return DicomWebHttp.Problem(400, "Invalid Study Instance UID", $"'{study}' in the URL is not a valid UID.");
        }

        var contentType = LenientMediaType.Parse(request.ContentType);
        if (contentType is null || !contentType.Is("multipart/related"))
        {
            return DicomWebHttp.Problem(415, "Unsupported media type",
                $"STOW-RS takes multipart/related; type=\"application/dicom\"; this request has Content-Type '{request.ContentType}'.");
        }

        var type = contentType["type"] ?? string.Empty;
        var isMetadata = type.Equals(DicomWebHttp.DicomJson, StringComparison.OrdinalIgnoreCase) || type.Equals(DicomWebHttp.DicomXml, StringComparison.OrdinalIgnoreCase);
        if (type.Length > 0 && !isMetadata && !type.Equals(DicomWebHttp.Dicom, StringComparison.OrdinalIgnoreCase))
        {
            return DicomWebHttp.Problem(415, "Unsupported media type",
                $"STOW-RS takes multipart/related with type=\"application/dicom\", \"application/dicom+json\" or \"application/dicom+xml\" (metadata with bulk data parts); type=\"{type}\" is not one of them.");
        }

        var boundary = contentType["boundary"] ?? string.Empty;
        if (boundary.Length == 0)
        {
            return DicomWebHttp.Problem(400, "Missing boundary", "The multipart/related Content-Type has no boundary parameter.");
        }

        var logger = logs.CreateLogger("DicomHub.Server.Stow");
        if (isMetadata)
        {
            return await StowMetadataRequest.StoreAsync(context, pipeline, boundary, type.ToLowerInvariant(), study, logger).ConfigureAwait(false);
        }

        await using var reader = new MultipartRelatedReader(request.BodyReader, boundary);
        var source = new IngestSource(IngestProtocol.StowRs, context.Connection.RemoteIpAddress?.ToString(), study) { Principal = context.Principal() };
        await using var batch = pipeline.BeginBatch(source);
        var failures = new List<IngestResult>();
        var parts = 0;
        string? bodyError = null;
        try
        {
            while (await reader.ReadNextPartAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                parts++;
                var partType = section.ContentType is { Length: > 0 } t ? t : DicomWebHttp.Dicom;
                if (LenientMediaType.Parse(partType) is not { } media || !media.Is(DicomWebHttp.Dicom))
                {
                    failures.Add(IngestResult.Failure(StoreStatus.CannotUnderstand, $"Part {parts} has Content-Type '{partType}'; only application/dicom parts are accepted."));
                    continue;
                }

                await batch.AddAsync(section.Body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is MultipartException or InvalidDataException)
        {
            // Broken framing in a body that did arrive (truncated multipart, no closing boundary): the part being
            // read is dropped (its staged bytes are deleted), the parts received whole are stored, and the
            // response says what happened.
            bodyError = $"The multipart body is malformed or ended early (part {parts}): {e.Message}";
            logger.LogWarning("STOW-RS body error after {Parts} parts: {Error}", parts, e.Message);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The transport failed: the client left or sent less than it announced. Nobody will read a response;
            // disposing the batch deletes every staged, uncommitted instance.
            logger.LogInformation("STOW-RS request abandoned after {Parts} parts: {Error}", parts, e.Message);
            return Results.Empty;
        }

        var results = (await batch.CompleteAsync(cancellationToken).ConfigureAwait(false)).Concat(failures).ToList();
        if (bodyError is not null)
        {
            results.Add(IngestResult.Failure(StoreStatus.CannotUnderstand, bodyError));
        }

        if (parts == 0 && bodyError is null)
        {
            return DicomWebHttp.Problem(400, "No parts", $"The request body has no part delimited by the boundary '{boundary}'; check the boundary parameter against the body.");
        }

        if (results.All(r => !r.IsStored) && bodyError is not null && results.Count == 1)
        {
            return DicomWebHttp.Problem(400, "Malformed multipart body", parts <= 1
                ? $"No complete part delimited by the boundary '{boundary}' was found; check the boundary parameter against the body. ({bodyError})"
                : bodyError);
        }

        return StowResponse.Create(context, results, study);
    }
}
