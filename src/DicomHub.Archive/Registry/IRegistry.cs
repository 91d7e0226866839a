using DicomHub.Archive.Query;

namespace DicomHub.Archive.Registry;

/// <summary>
/// The searchable index: kept narrow so a PostgreSQL implementation can follow the SQLite one. It never
/// touches blobs; callers commit a record only after its blob is durable, and delete blobs only after the
/// registry no longer points at them.
/// </summary>
public interface IRegistry
{
    /// <summary>Creates or upgrades the schema.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>True when the registry answers a trivial query.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken = default);

    /// <summary>Commits all records in one transaction, deciding duplicates with <paramref name="policy"/>.</summary>
    Task<IReadOnlyList<CommitResult>> CommitAsync(IReadOnlyList<InstanceRecord> records, DuplicatePolicy policy, CancellationToken cancellationToken = default) =>
        CommitAsync(records, policy, [], cancellationToken);

    /// <summary>
    /// As <see cref="CommitAsync(IReadOnlyList{InstanceRecord}, DuplicatePolicy, CancellationToken)"/>, and removes the
    /// follow-ups named in <paramref name="doneFollowUps"/> (ones that ran since) in the same transaction.
    /// </summary>
    Task<IReadOnlyList<CommitResult>> CommitAsync(IReadOnlyList<InstanceRecord> records, DuplicatePolicy policy, IReadOnlyCollection<long> doneFollowUps, CancellationToken cancellationToken = default);

    /// <summary>The follow-ups still owed (left by a crash or a failed follow-up), oldest first.</summary>
    IAsyncEnumerable<FollowUp> ReadFollowUpsAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes follow-ups that ran, in a transaction of their own.</summary>
    Task DeleteFollowUpsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    Task<bool> ContainsInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<QueryRow>> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default);

    /// <summary>The instances in the scope, ordered by series then instance number.</summary>
    Task<IReadOnlyList<StoredInstance>> ResolveAsync(InstanceScope scope, CancellationToken cancellationToken = default);

    /// <summary>The precomputed metadata JSON of each instance in the scope, streamed in retrieval order.</summary>
    IAsyncEnumerable<string> ReadMetadataAsync(InstanceScope scope, CancellationToken cancellationToken = default);

    /// <summary>Every instance's blob key with its SOP Instance UID, streamed (for reconciling the blob store with the registry).</summary>
    IAsyncEnumerable<BlobReference> ReadBlobReferencesAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the scope's rows (and emptied series, studies, patients); returns what was removed.</summary>
    Task<IReadOnlyList<StoredInstance>> DeleteAsync(InstanceScope scope, CancellationToken cancellationToken = default);
}

/// <summary>A registry row's pointer into the blob store.</summary>
public sealed record BlobReference(string BlobKey, string SopInstanceUid);
