using System.Text.Json;
using DicomHub.Archive.Query;
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
        group.MapGet("/studies", (HttpContext c, QueryService q) => SearchAsync(c, q, QueryLevel.Study, null, null));
        group.MapGet("/series", (HttpContext c, QueryService q) => SearchAsync(c, q, QueryLevel.Series, null, null));
        group.MapGet("/instances", (HttpContext c, QueryService q) => SearchAsync(c, q, QueryLevel.Instance, null, null));
        group.MapGet("/studies/{study}/series", (HttpContext c, QueryService q, string study) => SearchAsync(c, q, QueryLevel.Series, study, null));
        group.MapGet("/studies/{study}/instances", (HttpContext c, QueryService q, string study) => SearchAsync(c, q, QueryLevel.Instance, study, null));
        group.MapGet("/studies/{study}/series/{series}/instances", (HttpContext c, QueryService q, string study, string series) => SearchAsync(c, q, QueryLevel.Instance, study, series));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, QueryService queries, QueryLevel level, string? study, string? series)
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

        var result = await queries.SearchAsync(context.Principal(), new ArchiveQuery(query.Request, query.SequenceKeys), context.RequestAborted).ConfigureAwait(false);
        foreach (var warning in warnings)
        {
            context.Response.Headers.Append("Warning", $"299 dicomhub \"{warning}\"");
        }

        var baseUrl = DicomWebHttp.BaseUrl(context);
        return Results.Stream(
            async body =>
            {
                await using var writer = new Utf8JsonWriter(body);
                QueryResultWriter.Write(writer, result.Answered, result.Rows, baseUrl);
                await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            },
            DicomWebHttp.DicomJson);
    }
}
