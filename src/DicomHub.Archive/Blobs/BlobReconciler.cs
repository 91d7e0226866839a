using DicomHub.Archive.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Blobs;

/// <summary>What one reconciliation found and did.</summary>
public sealed record BlobReconciliationReport(
    DateTimeOffset FinishedUtc,
    int OrphansRemoved,
    long OrphanBytesRemoved,
    int OrphansKeptInGrace,
    int StagedFilesRemoved,
    IReadOnlyList<BlobReference> MissingBlobs);

/// <summary>
/// Keeps the blob store and the registry in step after crashes. The ingest order (blob durable, then
/// registry row) means a crash can leave a blob no row points at, or a staged temporary file; both are
/// removed once older than the grace period, so an instance in the middle of being stored (blob renamed,
/// row not yet committed) is never touched. A row pointing at a missing blob should be impossible; when
/// one is found (a disk replaced, files deleted by hand) it is reported, never "repaired" by deleting data.
/// Safe to run while the archive takes traffic.
/// </summary>
public sealed class BlobReconciler(IBlobStore blobs, IRegistry registry, ILogger<BlobReconciler>? logger = null, TimeProvider? clock = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<BlobReconciler>.Instance;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<BlobReconciliationReport> ReconcileAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        var staged = await blobs.SweepStagingAsync(gracePeriod, cancellationToken).ConfigureAwait(false);

        // Pass 1: every key the registry points at. Each blob found removes its key, so what is left at the
        // end points at nothing; blobs with no key are orphan candidates.
        var referenced = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var reference in registry.ReadBlobReferencesAsync(cancellationToken).ConfigureAwait(false))
        {
            referenced[reference.BlobKey] = reference.SopInstanceUid;
        }

        var cutoff = _clock.GetUtcNow() - gracePeriod;
        var orphans = new Dictionary<string, long>(StringComparer.Ordinal);
        var kept = 0;
        await foreach (var blob in blobs.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (referenced.Remove(blob.Key))
            {
                continue;
            }

            if (blob.LastWriteUtc <= cutoff)
            {
                orphans[blob.Key] = blob.Length;
            }
            else
            {
                kept++;
            }
        }

        // Pass 2, only when something looks wrong: rows committed or deleted while the blobs were listed
        // must neither lose their blob nor be reported missing.
        var missing = new List<BlobReference>();
        if (orphans.Count > 0 || referenced.Count > 0)
        {
            var stillReferenced = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var reference in registry.ReadBlobReferencesAsync(cancellationToken).ConfigureAwait(false))
            {
                orphans.Remove(reference.BlobKey);
                if (referenced.ContainsKey(reference.BlobKey))
                {
                    stillReferenced[reference.BlobKey] = reference.SopInstanceUid;
                }
            }

            foreach (var (key, sopInstanceUid) in stillReferenced)
            {
                if (await blobs.GetLengthAsync(key, cancellationToken).ConfigureAwait(false) is null)
                {
                    missing.Add(new BlobReference(key, sopInstanceUid));
                }
            }
        }

        var removed = 0;
        long bytes = 0;
        foreach (var (key, length) in orphans)
        {
            try
            {
                await blobs.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                removed++;
                bytes += length;
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "Could not remove the orphan blob {Key}", key);
            }
        }

        if (removed > 0)
        {
            _logger.LogWarning("Removed {Count} orphan blobs ({Bytes} bytes) that no registry row points at, left by writes interrupted before their registry commit", removed, bytes);
        }

        foreach (var reference in missing)
        {
            _logger.LogError("Instance {SopInstanceUid} is in the registry but its blob {Key} is missing from the blob store; restore the file or DELETE the instance", reference.SopInstanceUid, reference.BlobKey);
        }

        return new BlobReconciliationReport(_clock.GetUtcNow(), removed, bytes, kept, staged, missing);
    }
}
