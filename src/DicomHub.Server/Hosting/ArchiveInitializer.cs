using System.Data.Common;
using DicomHub.Archive;
using DicomHub.Archive.Forwarding;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.Hosting;

/// <summary>
/// Before the listeners take traffic: migrate the registry, make sure the transfer queue has its tables, and
/// replay the follow-ups (forwarding rules) a crash left owed. At the stop, after the listeners: remove the
/// rows of follow-ups that ran, so a clean restart replays nothing.
/// Staged files a crash left behind are removed by the first blob sweep (<see cref="BlobSweepService"/>), in
/// the background: they sit beside the blobs, and walking every blob folder must not delay the start of a
/// large archive.
/// </summary>
internal sealed class ArchiveInitializer(
    IRegistry registry,
    ITransferQueue queue,
    IngestPipeline pipeline,
    RegistryOptions registryOptions,
    StorageOptions storage,
    ReadinessState readiness,
    ILogger<ArchiveInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var where = registryOptions.Describe(storage);
        try
        {
            await registry.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            // The host would otherwise stop with the provider's bare message; say which database and what to check.
            throw new InvalidOperationException(
                $"The registry ({where}) cannot be opened: {e.Message} Check Registry:ConnectionString (serve --postgres) and that the database server runs and accepts this user.", e);
        }

        await queue.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await pipeline.ReplayFollowUpsAsync(cancellationToken).ConfigureAwait(false);
        readiness.MarkRegistryReady();
        logger.LogInformation("Registry ready: {Registry}", where);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await pipeline.FlushFollowUpsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e)
        {
            // Harmless: the rows stay, and the next start replays those follow-ups once more.
            logger.LogWarning(e, "Could not remove the rows of follow-ups that ran; the next start replays them");
        }
    }
}
