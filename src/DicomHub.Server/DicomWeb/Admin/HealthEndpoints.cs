using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using DicomHub.Server.DicomWeb.Http;
using DicomHub.Server.Hosting;
using DicomHub.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.DicomWeb.Admin;

/// <summary>
/// /healthz: 200 when the registry answers and the DIMSE listener is up (or disabled), else 503 naming what is not.
/// Open to load balancers and monitors without a credential; the UIDs of missing blobs only for callers who may read.
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(WebApplication app) =>
        app.MapGet("/healthz", async (HttpContext context, ReadinessState readiness, BlobSweepState sweep, IRegistry registry, CancellationToken cancellationToken) =>
        {
            var registryOk = readiness.RegistryReady && await registry.IsReadyAsync(cancellationToken).ConfigureAwait(false);
            var body = new
            {
                status = registryOk && readiness.IsReady ? "ready" : "not ready",
                registry = registryOk ? "ready" : "starting",
                dicomweb = "ready",
                dimse = readiness.DimseState,
                dimsePort = readiness.DimsePort,
                blobs = BlobsDetail(sweep, context.Principal().Can(ArchiveAction.Read)),
            };
            return registryOk && readiness.IsReady ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnyCaller("readiness for load balancers and monitors; no patient data without the Read role");

    /// <summary>The last orphan sweep; missing blobs are named here and in the log, but do not make the server unready.</summary>
    private static object BlobsDetail(BlobSweepState sweep, bool withUids) => sweep.Last is not { } last
        ? new { state = sweep.Error is null ? "sweep pending" : $"sweep failed: {sweep.Error}" }
        : new
        {
            state = last.MissingBlobs.Count == 0
                ? (sweep.Error is null ? "consistent" : $"last sweep failed: {sweep.Error}")
                : $"{last.MissingBlobs.Count} registry rows point at missing blobs (see the log); restore the files or DELETE those instances",
            lastSweepUtc = last.FinishedUtc,
            orphansRemoved = last.OrphansRemoved,
            orphansInGracePeriod = last.OrphansKeptInGrace,
            stagedFilesRemoved = last.StagedFilesRemoved,
            missingBlobs = last.MissingBlobs.Take(withUids ? 20 : 0).Select(m => new { sopInstanceUid = m.SopInstanceUid, blobKey = m.BlobKey }).ToArray(),
        };
}
