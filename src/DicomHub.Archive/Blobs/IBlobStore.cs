namespace DicomHub.Archive.Blobs;

/// <summary>
/// Where instance bytes live. A blob is written in two steps: staged (bytes in a temporary place that no
/// reader sees), then committed (made durable and given its final key). A crash before the commit leaves
/// only a temporary file that <see cref="SweepStagingAsync(TimeSpan, CancellationToken)"/> removes; never a
/// half blob under a real key.
/// </summary>
public interface IBlobStore
{
    /// <summary>Starts a staged blob; dispose it without committing to throw it away.</summary>
    IStagedBlob Stage();

    /// <summary>
    /// Makes the staged blobs durable (data flushed to disk, renamed into place, directories flushed) and
    /// returns their keys in the same order. One call for many blobs lets the store batch directory syncs.
    /// </summary>
    Task<IReadOnlyList<string>> CommitAsync(IReadOnlyList<IStagedBlob> blobs, CancellationToken cancellationToken = default);

    Stream OpenRead(string key);

    /// <summary>A local file path for the key, so a reader can leave large values on disk (lazy buffers).</summary>
    string GetLocalPath(string key);

    long GetLength(string key);

    bool Exists(string key);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every staged file; only when no writer runs (tests, tools).</summary>
    Task<int> SweepStagingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes staged files last written more than <paramref name="minimumAge"/> ago, or before this store was
    /// opened: safe while writers run, because a staged file being written is younger than any sensible grace
    /// period, and one older than the store belongs to a process that is gone.
    /// </summary>
    Task<int> SweepStagingAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default);

    /// <summary>Every committed blob (and anything else under the blob root), for reconciling with the registry.</summary>
    IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>A blob in the store: its key, size and when it was last written (UTC).</summary>
public sealed record BlobEntry(string Key, long Length, DateTimeOffset LastWriteUtc);

/// <summary>A blob being written: bytes go to <see cref="Stream"/>, readable back from <see cref="TemporaryPath"/>.</summary>
public interface IStagedBlob : IAsyncDisposable
{
    Stream Stream { get; }

    string TemporaryPath { get; }

    long Length { get; }

    bool IsCommitted { get; }

    /// <summary>The key it was committed under, or null while staged.</summary>
    string? Key { get; }
}
