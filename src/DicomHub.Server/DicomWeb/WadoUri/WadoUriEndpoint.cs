using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Server.DicomWeb.Http;
using DicomHub.Server.DicomWeb.Rendered;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SixLabors.ImageSharp;

namespace DicomHub.Server.DicomWeb.WadoUri;

/// <summary>
/// WADO-URI (PS3.18 section 9): GET {base}/wado?requestType=WADO&amp;studyUID=&amp;seriesUID=&amp;objectUID= returns one
/// instance as application/dicom (Part 10, in transferSyntax or else Explicit VR Little Endian when it can be
/// produced, as stored otherwise) or one frame rendered as image/jpeg or image/png (windowCenter/windowWidth,
/// rows/columns, frameNumber, imageQuality). Without contentType an image is rendered as JPEG and an object
/// without pixel data is sent as application/dicom. Errors: 400 naming the bad parameter, 404, 406.
/// </summary>
internal static class WadoUriEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/wado", (HttpContext context, RetrieveService retrieve) => HandleAsync(context, retrieve));

    private static async Task<IResult> HandleAsync(HttpContext context, RetrieveService retrieve)
    {
        var cancellationToken = context.RequestAborted;
        var parsed = WadoUriRequest.Parse(context.Request.Query);
        if (parsed.Error is { } error)
        {
            return error;
        }

        var request = parsed.Request!;
        var instances = await retrieve.ResolveAsync(context.Principal(), new InstanceScope(request.StudyUid, request.SeriesUid, request.ObjectUid), cancellationToken).ConfigureAwait(false);
        if (instances.Count == 0)
        {
            return DicomWebHttp.Problem(404, "Not found",
                $"Object {request.ObjectUid} of series {request.SeriesUid} in study {request.StudyUid} is not in the archive; check all three UIDs (the object must belong to that series and study).");
        }

        var instance = instances[0];
        if (request.ContentType == WadoUriContentType.Dicom)
        {
            return await SendDicomAsync(context, retrieve, instance, request.TransferSyntax, cancellationToken).ConfigureAwait(false);
        }

        var file = await retrieve.OpenAsync(instance, cancellationToken).ConfigureAwait(false);
        if (request.ContentType == WadoUriContentType.Default && file.Dataset[DicomTags.PixelData] is null)
        {
            // No contentType: images are rendered (the standard's image/jpeg default), anything else goes whole.
            return await SendDicomAsync(context, retrieve, instance, request.TransferSyntax, cancellationToken).ConfigureAwait(false);
        }

        return await RenderedImages.RenderAsync(retrieve, instance, file, request.RenderOptions(request.ContentType == WadoUriContentType.Png), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> SendDicomAsync(HttpContext context, RetrieveService retrieve, StoredInstance instance, TransferSyntax? requested, CancellationToken cancellationToken)
    {
        var stored = TransferSyntax.FromUid(instance.TransferSyntaxUid);
        TransferSyntax target;
        if (requested is not null)
        {
            if (!retrieve.CanProduce(stored, requested))
            {
                return DicomWebHttp.Problem(406, "Transfer syntax not available", new TranscodingNotPossibleException(stored, requested).Message.Replace(
                    "Ask for transfer-syntax=* to get it as stored.", $"Leave out transferSyntax or ask for {stored.Uid} to get it as stored.", StringComparison.Ordinal));
            }

            target = requested;
        }
        else
        {
            // The standard's default is Explicit VR Little Endian; an instance this archive cannot decode goes
            // out as stored rather than not at all.
            target = retrieve.CanProduce(stored, TransferSyntax.ExplicitVRLittleEndian) ? TransferSyntax.ExplicitVRLittleEndian : stored;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = DicomWebHttp.Dicom;
        response.Headers.ContentDisposition = $"attachment; filename=\"{instance.SopInstanceUid}.dcm\"";
        await retrieve.WriteAsync(instance, target == stored ? null : target, response.Body, cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }
}

internal enum WadoUriContentType
{
    Default,
    Dicom,
    Jpeg,
    Png,
}

/// <summary>The parsed, validated parameters of one WADO-URI request.</summary>
internal sealed record WadoUriRequest(
    string StudyUid,
    string SeriesUid,
    string ObjectUid,
    WadoUriContentType ContentType,
    TransferSyntax? TransferSyntax,
    WindowLevel? Window,
    int? Rows,
    int? Columns,
    int FrameNumber,
    int ImageQuality)
{
    public RenderOptions RenderOptions(bool png)
    {
        // rows/columns bound the height/width; a missing one does not constrain.
        var box = Rows is null && Columns is null ? default : new Size(Columns ?? ushort.MaxValue, Rows ?? ushort.MaxValue);
        return new RenderOptions(FrameNumber, Window, box, png, ImageQuality);
    }

    public static (WadoUriRequest? Request, IResult? Error) Parse(IQueryCollection query) => WadoUriParser.Parse(query);
}
