using System.Globalization;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Dicom.Data;
using DicomHub.Dicom.Dictionary;
using DicomHub.Dicom.Imaging;
using DicomHub.Dicom.IO;
using DicomHub.Server.DicomWeb.Http;
using DicomHub.Server.DicomWeb.Rendered;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomHub.Server.DicomWeb.Wado;

/// <summary>WADO-RS frames, bulk data and rendered images of one instance (PS3.18 10.4.1.1.x).</summary>
internal static class FrameEndpoints
{
    private const string InstancePath = "/studies/{study}/series/{series}/instances/{instance}";

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet(InstancePath + "/frames/{frames}", (HttpContext c, RetrieveService r, string study, string series, string instance, string frames) =>
            FramesAsync(c, r, new InstanceScope(study, series, instance), frames));
        group.MapGet(InstancePath + "/bulkdata/{**path}", (HttpContext c, RetrieveService r, string study, string series, string instance, string path) =>
            BulkDataAsync(c, r, new InstanceScope(study, series, instance), path));
        group.MapGet(InstancePath + "/rendered", (HttpContext c, RetrieveService r, string study, string series, string instance) =>
            RenderedEndpoint.RenderAsync(c, r, new InstanceScope(study, series, instance), 1, thumbnail: false));
        group.MapGet(InstancePath + "/thumbnail", (HttpContext c, RetrieveService r, string study, string series, string instance) =>
            RenderedEndpoint.RenderAsync(c, r, new InstanceScope(study, series, instance), 1, thumbnail: true));
        group.MapGet(InstancePath + "/frames/{frame:int}/rendered", (HttpContext c, RetrieveService r, string study, string series, string instance, int frame) =>
            RenderedEndpoint.RenderAsync(c, r, new InstanceScope(study, series, instance), frame, thumbnail: false));
        group.MapGet(InstancePath + "/frames/{frame:int}/thumbnail", (HttpContext c, RetrieveService r, string study, string series, string instance, int frame) =>
            RenderedEndpoint.RenderAsync(c, r, new InstanceScope(study, series, instance), frame, thumbnail: true));
        group.MapGet("/studies/{study}/series/{series}/thumbnail", (HttpContext c, RetrieveService r, string study, string series) =>
            RenderedEndpoint.RenderAsync(c, r, new InstanceScope(study, series), 1, thumbnail: true));
        group.MapGet("/studies/{study}/thumbnail", (HttpContext c, RetrieveService r, string study) =>
            RenderedEndpoint.RenderAsync(c, r, new InstanceScope(study), 1, thumbnail: true));
    }

    /// <summary>The one stored instance of a scope and its parsed file, or the error response.</summary>
    internal static async Task<(StoredInstance? Instance, DicomFile? File, IResult? Error)> OpenAsync(HttpContext context, RetrieveService retrieve, InstanceScope scope, CancellationToken cancellationToken)
    {
        var instances = await retrieve.ResolveAsync(context.Principal(), scope, cancellationToken).ConfigureAwait(false);
        if (instances.Count == 0)
        {
            return (null, null, WadoEndpoints.NotFound(scope));
        }

        var file = await retrieve.OpenAsync(instances[0], cancellationToken).ConfigureAwait(false);
        return (instances[0], file, null);
    }

    private static async Task<IResult> FramesAsync(HttpContext context, RetrieveService retrieve, InstanceScope scope, string frameList)
    {
        var numbers = new List<int>();
        foreach (var part in frameList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return DicomWebHttp.Problem(400, "Invalid frame list", $"'{frameList}' is not a comma-separated list of frame numbers starting at 1.");
            }

            numbers.Add(number);
        }

        var cancellationToken = context.RequestAborted;
        var (instance, file, error) = await OpenAsync(context, retrieve, scope, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        DicomPixelData pixels;
        try
        {
            pixels = DicomPixelData.FromDataset(file!.Dataset);
        }
        catch (DicomImagingException e)
        {
            return DicomWebHttp.Problem(400, "No frames", $"Instance {instance!.SopInstanceUid} has no usable pixel data: {e.Message}");
        }

        if (numbers.FirstOrDefault(n => n > pixels.FrameCount) is > 0 and var missing)
        {
            return DicomWebHttp.Problem(404, "No such frame", $"Frame {missing} was asked for; instance {instance!.SopInstanceUid} has {pixels.FrameCount} frame(s).");
        }

        var syntax = file!.TransferSyntax;
        // application/octet-stream (with no transfer-syntax or Explicit VR LE) asks for native frames: decode them.
        var accept = context.Request.Headers.Accept.ToString();
        var wantsUncompressed = accept.Contains("transfer-syntax=1.2.840.10008.1.2.1", StringComparison.Ordinal)
            || (accept.Contains(DicomWebHttp.OctetStream, StringComparison.OrdinalIgnoreCase) && !accept.Contains("transfer-syntax=", StringComparison.Ordinal));
        if (pixels.IsEncapsulated && wantsUncompressed)
        {
            try
            {
                pixels = await retrieve.NativePixelsAsync(file!, cancellationToken).ConfigureAwait(false);
            }
            catch (TranscodingNotPossibleException e)
            {
                return DicomWebHttp.Problem(406, "Not acceptable", e.Message);
            }
        }

        var partType = pixels.IsEncapsulated ? $"{MediaTypeOf(syntax)}; transfer-syntax={syntax.Uid}" : $"{DicomWebHttp.OctetStream}; transfer-syntax={TransferSyntax.ExplicitVRLittleEndian.Uid}";
        var multipart = new MultipartResponse(context.Response, pixels.IsEncapsulated ? MediaTypeOf(syntax) : DicomWebHttp.OctetStream);
        foreach (var number in numbers)
        {
            var frame = await pixels.ReadFrameAsync(number - 1, cancellationToken).ConfigureAwait(false);
            await multipart.WritePartAsync(partType, body => body.WriteAsync(frame, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        }

        await multipart.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>A BulkDataURI written at ingest: tag path "7FE00010" or "00400275/0/00081150" (sequence, item, tag).</summary>
    private static async Task<IResult> BulkDataAsync(HttpContext context, RetrieveService retrieve, InstanceScope scope, string path)
    {
        var cancellationToken = context.RequestAborted;
        var (instance, file, error) = await OpenAsync(context, retrieve, scope, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var item = Navigate(file!.Dataset, path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        if (item is null)
        {
            return DicomWebHttp.Problem(404, "No such bulk data", $"Instance {instance!.SopInstanceUid} has no value at '{path}'.");
        }

        if (item.Tag == DicomTags.EncapsulatedDocument && DocumentEndpoints.RequestedDocument(context.Request) is { } document)
        {
            return await DocumentEndpoints.WriteAsync(context, instance!, file, document).ConfigureAwait(false);
        }

        var multipart = new MultipartResponse(context.Response, DicomWebHttp.OctetStream);
        switch (item)
        {
            case DicomElement element:
                await multipart.WritePartAsync(DicomWebHttp.OctetStream, body => element.Buffer.CopyToAsync(body, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
                break;
            case DicomFragmentSequence fragments:
                // Encapsulated pixel data: one part per fragment, as stored.
                foreach (var fragment in fragments.Fragments)
                {
                    await multipart.WritePartAsync($"{MediaTypeOf(file.TransferSyntax)}; transfer-syntax={file.TransferSyntax.Uid}", body => fragment.CopyToAsync(body, cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
                }

                break;
        }

        await multipart.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    private static DicomItem? Navigate(DicomDataset dataset, string[] segments)
    {
        var current = dataset;
        for (var i = 0; i < segments.Length; i++)
        {
            if (!DicomTag.TryParse(segments[i], out var tag) || current[tag] is not { } item)
            {
                return null;
            }

            if (i == segments.Length - 1)
            {
                return item;
            }

            if (item is not DicomSequence sequence || i + 1 >= segments.Length - 1
                || !int.TryParse(segments[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= sequence.Items.Count)
            {
                return null;
            }

            current = sequence.Items[index];
        }

        return null;
    }

    /// <summary>The media type of a compressed frame (PS3.18 Table 8.7.4-1).</summary>
    internal static string MediaTypeOf(TransferSyntax syntax) => syntax.Uid switch
    {
        "1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70" => "image/jpeg",
        "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => "image/jls",
        "1.2.840.10008.1.2.4.90" or "1.2.840.10008.1.2.4.91" => "image/jp2",
        "1.2.840.10008.1.2.4.92" or "1.2.840.10008.1.2.4.93" => "image/jpx",
        "1.2.840.10008.1.2.5" => "image/dicom-rle",
        _ => DicomWebHttp.OctetStream,
    };
}
