using DicomHub.Archive.Blobs;
using DicomHub.Archive.Registry;
using DicomHub.Server.DicomWeb.Wado;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.DicomWeb.Admin;

/// <summary>DELETE of a study, series or instance: registry rows first, then the blobs nothing points at any more.</summary>
internal static class DeleteEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapDelete("/studies/{study}", (HttpContext c, IRegistry r, IBlobStore b, ILoggerFactory l, string study) => DeleteAsync(c, r, b, l, new InstanceScope(study)));
        group.MapDelete("/studies/{study}/series/{series}", (HttpContext c, IRegistry r, IBlobStore b, ILoggerFactory l, string study, string series) => DeleteAsync(c, r, b, l, new InstanceScope(study, series)));
        group.MapDelete("/studies/{study}/series/{series}/instances/{instance}", (HttpContext c, IRegistry r, IBlobStore b, ILoggerFactory l, string study, string series, string instance) => DeleteAsync(c, r, b, l, new InstanceScope(study, series, instance)));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, IRegistry registry, IBlobStore blobs, ILoggerFactory logs, InstanceScope scope)
    {
        var removed = await registry.DeleteAsync(scope, context.RequestAborted).ConfigureAwait(false);
        if (removed.Count == 0)
        {
            return WadoEndpoints.NotFound(scope);
        }

        foreach (var instance in removed)
        {
            try
            {
                await blobs.DeleteAsync(instance.BlobKey, CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                logs.CreateLogger("DicomHub.Server.Delete").LogWarning(e, "Blob {Key} of deleted instance {Sop} could not be removed", instance.BlobKey, instance.SopInstanceUid);
            }
        }

        return Results.NoContent();
    }
}
