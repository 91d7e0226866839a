using DicomHub.Archive.Blobs;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Deletion;

/// <summary>
/// Removes a study, series or instance: the registry rows first (from then on nobody finds it), then the blobs
/// nothing points at any more. A blob that cannot be removed is logged (and reported by the blob sweep), never a
/// reason to answer "not deleted" for rows that are already gone.
/// </summary>
public sealed class DeleteService(IRegistry registry, IBlobStore blobs, IArchiveAuthorizer authorizer, ILogger<DeleteService>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<DeleteService>.Instance;

    /// <summary>The instances removed; empty when the scope matched nothing.</summary>
    /// <exception cref="ArchiveAccessDeniedException">The principal may not delete.</exception>
    public async Task<IReadOnlyList<StoredInstance>> DeleteAsync(ArchivePrincipal principal, InstanceScope scope, CancellationToken cancellationToken = default)
    {
        authorizer.Demand(principal, ArchiveAction.Delete, scope.ToString());
        var removed = await registry.DeleteAsync(scope, cancellationToken).ConfigureAwait(false);
        foreach (var instance in removed)
        {
            try
            {
                // Not the caller's token: the rows are gone, so their blobs must go too.
                await blobs.DeleteAsync(instance.BlobKey, CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "Blob {Key} of deleted instance {Sop} could not be removed", instance.BlobKey, instance.SopInstanceUid);
            }
        }

        if (removed.Count > 0)
        {
            _logger.LogInformation("{Principal} deleted {Scope}: {Count} instances", principal, scope, removed.Count);
        }

        return removed;
    }
}
