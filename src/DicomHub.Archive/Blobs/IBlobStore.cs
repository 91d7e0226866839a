namespace DicomHub.Archive.Blobs;

/// <summary>
/// Where instance bytes live: a folder, an S3 bucket, an Azure container. A blob is written in two steps:
/// staged (bytes in a temporary place that no reader sees, local to this server for every store), then
/// committed (made durable, or uploaded and confirmed, under its final key). A crash before the commit leaves
/// only staged bytes that <see cref="SweepStagingAsync(TimeSpan, CancellationToken)"/> removes; never a half
/// blob under a real key. Readers get streams and byte ranges, never paths: only the file-system store knows
/// its blobs are files.
/// </summary>
public interface IBlobStore
{
    /// <summary>Starts a staged blob; dispose it without committing to throw it away.</summary>
    IStagedBlob Stage();

    /// <summary>
    /// Makes the staged blobs durable (file system: flushed, renamed, folders flushed; object store: uploaded
    /// and confirmed) and returns their keys in the same order. One call for many blobs lets the store batch
    /// syncs or upload in parallel. Throws <see cref="IOException"/> when the store could not take them.
    /// </summary>
    Task<IReadOnlyList<string>> CommitAsync(IReadOnlyList<IStagedBlob> blobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes back blobs whose registry commit failed: committed ones are deleted, staged ones thrown away, so
    /// nothing the registry does not point at is left behind. Never throws for a blob already gone.
    /// </summary>
    Task RevokeAsync(IReadOnlyList<IStagedBlob> blobs, CancellationToken cancellationToken = default);

    /// <summary>The whole blob as a stream (sequential; seekable only when the store is local).</summary>
    /// <exception cref="BlobNotFoundException">No blob has this key.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) of the blob.</summary>
    /// <exception cref="BlobNotFoundException">No blob has this key.</exception>
    Task<Stream> OpenRangeAsync(string key, long offset, long length, CancellationToken cancellationToken = default);

    /// <summary>The blob's length in bytes, or null when no blob has this key.</summary>
    Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; a key already gone is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every staged blob; only when no writer runs (tests, tools).</summary>
    Task<int> SweepStagingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes staged blobs last written more than <paramref name="minimumAge"/> ago, or before this store was
    /// opened: safe while writers run, because a staged blob being written is younger than any sensible grace
    /// period, and one older than the store belongs to a process that is gone.
    /// </summary>
    Task<int> SweepStagingAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default);

    /// <summary>Every committed blob (and anything else under the store's root), for reconciling with the registry.</summary>
    IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>A blob in the store: its key, size and when it was last written (UTC).</summary>
public sealed record BlobEntry(string Key, long Length, DateTimeOffset LastWriteUtc);

/// <summary>A blob being written: bytes go to <see cref="Stream"/> and can be read back before the commit.</summary>
public interface IStagedBlob : IAsyncDisposable
{
    Stream Stream { get; }

    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    bool IsCommitted { get; }

    /// <summary>The key it was committed under, or null while staged.</summary>
    string? Key { get; }

    /// <summary>A seekable read-only stream over the staged bytes (flush <see cref="Stream"/> first), for parsing before the commit.</summary>
    Stream OpenStaged();
}

/// <summary>The registry points at a key the blob store does not have.</summary>
public sealed class BlobNotFoundException(string key, Exception? inner = null)
    : FileNotFoundException($"Blob '{key}' is not in the blob store.", key, inner)
{
    public string Key { get; } = key;
}
