using System.Text.Json;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomHub.Server.DicomWeb;

/// <summary>QIDO-RS (PS3.18 10.6): studies, series and instances at every level of nesting.</summary>
internal static class QidoEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/studies", (HttpContext c, IRegistry r) => SearchAsync(c, r, QueryLevel.Study, null, null));
        group.MapGet("/series", (HttpContext c, IRegistry r) => SearchAsync(c, r, QueryLevel.Series, null, null));
        group.MapGet("/instances", (HttpContext c, IRegistry r) => SearchAsync(c, r, QueryLevel.Instance, null, null));
        group.MapGet("/studies/{study}/series", (HttpContext c, IRegistry r, string study) => SearchAsync(c, r, QueryLevel.Series, study, null));
        group.MapGet("/studies/{study}/instances", (HttpContext c, IRegistry r, string study) => SearchAsync(c, r, QueryLevel.Instance, study, null));
        group.MapGet("/studies/{study}/series/{series}/instances", (HttpContext c, IRegistry r, string study, string series) => SearchAsync(c, r, QueryLevel.Instance, study, series));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, IRegistry registry, QueryLevel level, string? study, string? series)
    {
        var warnings = new List<string>();
        QueryRequest request;
        try
        {
            request = QidoRequestParser.Parse(context.Request.Query, level, study, series, warnings);
        }
        catch (QidoRequestException e)
        {
            return DicomWebHttp.Problem(400, "Invalid query", e.Message);
        }

        var rows = await registry.QueryAsync(request, context.RequestAborted).ConfigureAwait(false);
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
