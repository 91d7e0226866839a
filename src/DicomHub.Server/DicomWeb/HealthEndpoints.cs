using DicomHub.Archive.Registry;
using DicomHub.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DicomHub.Server.DicomWeb;

/// <summary>/healthz: 200 when the registry answers and the DIMSE listener is up (or disabled), else 503 naming what is not.</summary>
internal static class HealthEndpoints
{
    public static void Map(WebApplication app) =>
        app.MapGet("/healthz", async (ReadinessState readiness, IRegistry registry, CancellationToken cancellationToken) =>
        {
            var registryOk = readiness.RegistryReady && await registry.IsReadyAsync(cancellationToken).ConfigureAwait(false);
            var body = new
            {
                status = registryOk && readiness.IsReady ? "ready" : "not ready",
                registry = registryOk ? "ready" : "starting",
                dicomweb = "ready",
                dimse = readiness.DimseState,
                dimsePort = readiness.DimsePort,
            };
            return registryOk && readiness.IsReady ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
}
