using DicomHub.Archive.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.Hosting;

/// <summary>
/// Before the listeners take traffic: migrate the registry. Staged files a crash left behind are removed by
/// the first blob sweep (<see cref="BlobSweepService"/>), in the background: they sit beside the blobs, and
/// walking every blob folder must not delay the start of a large archive.
/// </summary>
internal sealed class ArchiveInitializer(IRegistry registry, ReadinessState readiness, ILogger<ArchiveInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.InitializeAsync(cancellationToken).ConfigureAwait(false);
        readiness.MarkRegistryReady();
        logger.LogInformation("Registry ready");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
