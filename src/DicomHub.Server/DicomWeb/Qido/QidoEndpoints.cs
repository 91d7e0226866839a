using System.Text.Json;
using DicomHub.Archive;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using DicomHub.Server.DicomWeb.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomHub.Server.DicomWeb.Qido;

/// <summary>QIDO-RS (PS3.18 10.6): studies, series and instances at every level of nesting.</summary>
internal static class QidoEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/studies", (HttpContext c, IRegistry r, StorageOptions o) => SearchAsync(c, r, o, QueryLevel.Study, null, null));
        group.MapGet("/series", (HttpContext c, IRegistry r, StorageOptions o) => SearchAsync(c, r, o, QueryLevel.Series, null, null));
        group.MapGet("/instances", (HttpContext c, IRegistry r, StorageOptions o) => SearchAsync(c, r, o, QueryLevel.Instance, null, null));
        group.MapGet("/studies/{study}/series", (HttpContext c, IRegistry r, StorageOptions o, string study) => SearchAsync(c, r, o, QueryLevel.Series, study, null));
        group.MapGet("/studies/{study}/instances", (HttpContext c, IRegistry r, StorageOptions o, string study) => SearchAsync(c, r, o, QueryLevel.Instance, study, null));
        group.MapGet("/studies/{study}/series/{series}/instances", (HttpContext c, IRegistry r, StorageOptions o, string study, string series) => SearchAsync(c, r, o, QueryLevel.Instance, study, series));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, IRegistry registry, StorageOptions storage, QueryLevel level, string? study, string? series)
    {
        var warnings = new List<string>();
        QidoQuery query;
        try
        {
            query = QidoRequestParser.Parse(context.Request.Query, level, study, series, warnings);
        }
        catch (QidoRequestException e)
        {
            return DicomWebHttp.Problem(400, "Invalid query", e.Message);
        }

        var request = query.Request;
        IReadOnlyList<QueryRow> rows;
        if (query.SequenceKeys.Count == 0)
        {
            rows = await registry.QueryAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            // Sequence keys match on the rendered rows, so the SQL cannot page: fetch every candidate, filter, page.
            var candidates = SequenceFilter.Candidates(request, query.SequenceKeys);
            var all = await registry.QueryAsync(candidates, context.RequestAborted).ConfigureAwait(false);
            rows = SequenceFilter.Page(request, SequenceFilter.Matching(candidates, query.SequenceKeys, all), storage.MaxQueryResults);
            request = candidates with { Limit = request.Limit, Offset = request.Offset };
        }

        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 dicomhub \"{warning}\"");
        }

        var baseUrl = DicomWebHttp.BaseUrl(context);
        return Results.Stream(
            async body =>
            {
                await using var writer = new Utf8JsonWriter(body);
                QueryResultWriter.Write(writer, request, rows, baseUrl);
                await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            },
            DicomWebHttp.DicomJson);
    }
}
