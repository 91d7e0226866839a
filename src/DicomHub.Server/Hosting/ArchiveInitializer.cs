using DicomHub.Archive.Blobs;
using DicomHub.Archive.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.Hosting;

/// <summary>Before the listeners take traffic: migrate the registry and remove staged files a crash left behind.</summary>
internal sealed class ArchiveInitializer(IRegistry registry, IBlobStore blobs, ReadinessState readiness, ILogger<ArchiveInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await blobs.SweepStagingAsync(cancellationToken).ConfigureAwait(false);
        readiness.MarkRegistryReady();
        logger.LogInformation("Registry ready");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
