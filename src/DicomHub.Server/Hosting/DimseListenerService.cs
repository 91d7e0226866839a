using DicomHub.Server.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomHub.Server.Hosting;

/// <summary>
/// The DIMSE SCP, with the archive's ingest pipeline as its C-STORE handler.
/// SEAM: DicomHub.Network's DicomServer / ICStoreHandler are not on main yet; until they are, this service
/// only reports the listener as unavailable (so /healthz says why) and the DICOMweb side runs alone.
/// Wire-up when they land: new DicomServer(options.AeTitle, port, new ArchiveStoreHandler(pipeline)).
/// </summary>
internal sealed class DimseListenerService(IOptions<DimseOptions> options, ReadinessState readiness, ILogger<DimseListenerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dimse = options.Value;
        if (!dimse.Enabled)
        {
            readiness.SetDimse("disabled");
            return Task.CompletedTask;
        }

        const string reason = "unavailable: this build has no DIMSE listener yet (DicomHub.Network); set Dimse:Enabled=false to run DICOMweb only";
        readiness.SetDimse(reason);
        logger.LogWarning("DIMSE listener on port {Port} not started: {Reason}", dimse.Port, reason);
        return Task.CompletedTask;
    }
}
