using DicomHub.Archive;
using DicomHub.Archive.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomHub.Server.Hosting;

/// <summary>The last reconciliation of blobs and registry, for /healthz.</summary>
public sealed class BlobSweepState
{
    private volatile BlobReconciliationReport? _last;
    private volatile string? _error;

    public BlobReconciliationReport? Last => _last;

    /// <summary>Why the last sweep failed, or null.</summary>
    public string? Error => _error;

    public void Record(BlobReconciliationReport report)
    {
        _last = report;
        _error = null;
    }

    public void RecordFailure(string error) => _error = error;
}

/// <summary>
/// Runs <see cref="BlobReconciler"/> once the registry is ready (start-up, in the background so a large
/// archive does not delay the listeners) and then every Storage:BlobSweepInterval.
/// </summary>
internal sealed class BlobSweepService(BlobReconciler reconciler, StorageOptions options, BlobSweepState state, ReadinessState readiness, ILogger<BlobSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // ArchiveInitializer starts first and migrates the registry; wait for it without spinning hard.
        while (!readiness.RegistryReady)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken).ConfigureAwait(false);
        }

        do
        {
            try
            {
                var report = await reconciler.ReconcileAsync(options.OrphanGracePeriod, stoppingToken).ConfigureAwait(false);
                state.Record(report);
                logger.LogInformation(
                    "Blob sweep: {Orphans} orphan blobs removed, {Kept} within the grace period kept, {Staged} staged files removed, {Missing} registry rows without a blob",
                    report.OrphansRemoved, report.OrphansKeptInGrace, report.StagedFilesRemoved, report.MissingBlobs.Count);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException)
            {
                state.RecordFailure(e.Message);
                logger.LogError(e, "The blob sweep failed; it runs again in {Interval}", options.BlobSweepInterval);
            }

            if (options.BlobSweepInterval <= TimeSpan.Zero)
            {
                return;
            }

            // Task.Delay takes at most ~49 days.
            await Task.Delay(options.BlobSweepInterval < TimeSpan.FromDays(30) ? options.BlobSweepInterval : TimeSpan.FromDays(30), stoppingToken).ConfigureAwait(false);
        }
        while (!stoppingToken.IsCancellationRequested);
    }
}
