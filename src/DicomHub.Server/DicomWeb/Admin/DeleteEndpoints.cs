using DicomHub.Archive.Deletion;
using DicomHub.Archive.Registry;
using DicomHub.Server.DicomWeb.Http;
using DicomHub.Server.DicomWeb.Wado;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DicomHub.Server.DicomWeb.Admin;

/// <summary>DELETE of a study, series or instance, through the archive's <see cref="DeleteService"/>: 204, or 404 when nothing matched.</summary>
internal static class DeleteEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapDelete("/studies/{study}", (HttpContext c, DeleteService d, string study) => DeleteAsync(c, d, new InstanceScope(study)));
        group.MapDelete("/studies/{study}/series/{series}", (HttpContext c, DeleteService d, string study, string series) => DeleteAsync(c, d, new InstanceScope(study, series)));
        group.MapDelete("/studies/{study}/series/{series}/instances/{instance}", (HttpContext c, DeleteService d, string study, string series, string instance) => DeleteAsync(c, d, new InstanceScope(study, series, instance)));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, DeleteService deletes, InstanceScope scope)
    {
        var removed = await deletes.DeleteAsync(context.Principal(), scope, context.RequestAborted).ConfigureAwait(false);
        return removed.Count == 0 ? WadoEndpoints.NotFound(scope) : Results.NoContent();
    }
}
