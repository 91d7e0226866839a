using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Retrieve;
using DicomHub.Dicom.Data;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomHub.Server.DicomWeb.Wado;

/// <summary>WADO-RS (PS3.18 10.4): instances streamed from the blob store, and the precomputed metadata.</summary>
internal static class WadoEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/studies/{study}", (HttpContext c, RetrieveService r, string study) => InstancesAsync(c, r, new InstanceScope(study)));
        group.MapGet("/studies/{study}/series/{series}", (HttpContext c, RetrieveService r, string study, string series) => InstancesAsync(c, r, new InstanceScope(study, series)));
        group.MapGet("/studies/{study}/series/{series}/instances/{instance}", (HttpContext c, RetrieveService r, string study, string series, string instance) => InstancesAsync(c, r, new InstanceScope(study, series, instance)));
        group.MapGet("/studies/{study}/metadata", (HttpContext c, RetrieveService r, string study) => MetadataAsync(c, r, new InstanceScope(study)));
        group.MapGet("/studies/{study}/series/{series}/metadata", (HttpContext c, RetrieveService r, string study, string series) => MetadataAsync(c, r, new InstanceScope(study, series)));
        group.MapGet("/studies/{study}/series/{series}/instances/{instance}/metadata", (HttpContext c, RetrieveService r, string study, string series, string instance) => MetadataAsync(c, r, new InstanceScope(study, series, instance)));
        FrameEndpoints.Map(group);
    }

    internal static IResult NotFound(InstanceScope scope) => DicomWebHttp.Problem(404, "Not found",
        scope.SopInstanceUid is not null ? $"Instance {scope.SopInstanceUid} of series {scope.SeriesInstanceUid} in study {scope.StudyInstanceUid} is not in the archive."
        : scope.SeriesInstanceUid is not null ? $"Series {scope.SeriesInstanceUid} of study {scope.StudyInstanceUid} is not in the archive."
        : $"Study {scope.StudyInstanceUid} is not in the archive.");

    private static async Task<IResult> InstancesAsync(HttpContext context, RetrieveService retrieve, InstanceScope scope)
    {
        if (scope.SopInstanceUid is not null && DocumentEndpoints.RequestedDocument(context.Request) is { } document)
        {
            return await DocumentEndpoints.InstanceAsync(context, retrieve, scope, document).ConfigureAwait(false);
        }

        var accepted = AcceptedTransferSyntax.Parse(context.Request);
        if (accepted is null)
        {
            return DicomWebHttp.Problem(406, "Not acceptable",
                $"This resource is sent as multipart/related; type=\"application/dicom\" (optionally with transfer-syntax=UID or *); the request accepts only '{context.Request.Headers.Accept}'.");
        }

        var cancellationToken = context.RequestAborted;
        var instances = await retrieve.ResolveAsync(context.Principal(), scope, cancellationToken).ConfigureAwait(false);
        if (instances.Count == 0)
        {
            return NotFound(scope);
        }

        foreach (var instance in instances)
        {
            var stored = TransferSyntax.FromUid(instance.TransferSyntaxUid);
            var target = accepted.Target(stored);
            if (!retrieve.CanProduce(stored, target))
            {
                return DicomWebHttp.Problem(406, "Transfer syntax not available", new TranscodingNotPossibleException(stored, target).Message);
            }
        }

        // Before the first byte goes out: once the multipart has started, an error can no longer be a problem body.
        await retrieve.EnsureBlobsPresentAsync(instances, cancellationToken).ConfigureAwait(false);
        var multipart = new MultipartResponse(context.Response, DicomWebHttp.Dicom);
        var baseUrl = DicomWebHttp.BaseUrl(context);
        foreach (var instance in instances)
        {
            var stored = TransferSyntax.FromUid(instance.TransferSyntaxUid);
            var target = accepted.Target(stored);
            await multipart.WritePartAsync(
                $"{DicomWebHttp.Dicom}; transfer-syntax={target.Uid}",
                body => retrieve.WriteAsync(instance, target == stored ? null : target, body, cancellationToken),
                cancellationToken,
                QueryResultWriter.RetrieveUrl(baseUrl, instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid)).ConfigureAwait(false);
        }

        await multipart.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>The JSON written at ingest, joined into one array: no file is opened.</summary>
    private static async Task<IResult> MetadataAsync(HttpContext context, RetrieveService retrieve, InstanceScope scope)
    {
        var cancellationToken = context.RequestAborted;
        var baseUrl = DicomWebHttp.BaseUrl(context);
        await using var enumerator = retrieve.ReadMetadataAsync(context.Principal(), scope, cancellationToken).GetAsyncEnumerator(cancellationToken);
        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
        {
            return NotFound(scope);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = DicomWebHttp.DicomJson;
        var writer = new StreamWriter(response.Body, new System.Text.UTF8Encoding(false), 1 << 16);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync('[').ConfigureAwait(false);
            var first = true;
            do
            {
                if (!first)
                {
                    await writer.WriteAsync(',').ConfigureAwait(false);
                }

                first = false;
                await writer.WriteAsync(enumerator.Current.Replace(QueryResultWriter.BaseUrlPlaceholder, baseUrl, StringComparison.Ordinal)).ConfigureAwait(false);
            }
            while (await enumerator.MoveNextAsync().ConfigureAwait(false));
            await writer.WriteAsync(']').ConfigureAwait(false);
        }

        return Results.Empty;
    }
}
