using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Blobs.FileSystem;

/// <summary>
/// Blobs as files under a root folder: staged in root/tmp, committed to root/blobs/xx/&lt;guid&gt;.dcm with
/// fsync of the file, rename (atomic on one file system), then fsync of the directory so the rename itself
/// survives a power cut. Keys are fresh GUIDs, so two writers of the same SOP instance never collide here;
/// the registry decides which one wins.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 1 << 16;
    private readonly string _blobRoot;
    private readonly string _stagingRoot;
    private readonly bool _durable;
    private readonly ILogger _logger;

    public FileSystemBlobStore(string root, bool durable = true, ILogger<FileSystemBlobStore>? logger = null)
    {
        _blobRoot = Path.GetFullPath(Path.Combine(root, "blobs"));
        _stagingRoot = Path.GetFullPath(Path.Combine(root, "tmp"));
        _durable = durable;
        _logger = logger ?? NullLogger<FileSystemBlobStore>.Instance;
        Directory.CreateDirectory(_blobRoot);
        Directory.CreateDirectory(_stagingRoot);
    }

    public IStagedBlob Stage()
    {
        var path = Path.Combine(_stagingRoot, $"{Guid.NewGuid():N}.part");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous);
        return new StagedFile(path, stream);
    }

    public async Task<IReadOnlyList<string>> CommitAsync(IReadOnlyList<IStagedBlob> blobs, CancellationToken cancellationToken = default)
    {
        var files = blobs.Select(b => b as StagedFile ?? throw new ArgumentException("The blob was not staged by this store.", nameof(blobs))).ToList();

        // Several blobs (one STOW request): write them all, rename them all, then one syncfs makes data and
        // renames durable together. One blob (a C-STORE; concurrent ones arrive here in parallel): rename,
        // then fsync the file and its directory at the same time: both wait for the same journal commit and
        // disk flush, which costs one flush instead of two in a row (measured in docs/benchmark.md, "ingest").
        // Either way a crash before the flush may leave a renamed but incomplete blob, which nothing
        // references: the registry row is only committed after this method returns.
        var batchSync = _durable && files.Count > 1 && DirectorySync.CanSyncFileSystem;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await file.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var keys = new List<string>(files.Count);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var id = Guid.NewGuid().ToString("N");
            var key = $"{id[..2]}/{id}.dcm";
            var target = GetLocalPath(key);
            var directory = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
                touched.Add(_blobRoot);
            }

            // The staged file is still open (FileShare.Delete allows the rename on Windows too) so that its
            // data can be flushed after the rename, together with the directory.
            File.Move(file.TemporaryPath, target);
            file.MarkCommitted(target, key);
            touched.Add(directory);
            keys.Add(key);
        }

        try
        {
            if (batchSync)
            {
                DirectorySync.FlushFileSystem(_blobRoot);
            }
            else if (_durable)
            {
                var flushes = files.Select(f => Task.Run(() => f.FileStream.Flush(flushToDisk: true), CancellationToken.None))
                    .Concat(touched.Select(d => Task.Run(() => DirectorySync.Flush(d), CancellationToken.None)));
                await Task.WhenAll(flushes).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var file in files)
            {
                await file.Stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        return keys;
    }

    public Stream OpenRead(string key) =>
        new FileStream(GetLocalPath(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public string GetLocalPath(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_blobRoot, key));
        if (!path.StartsWith(_blobRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob key '{key}' points outside the blob store.", nameof(key));
        }

        return path;
    }

    public long GetLength(string key) => new FileInfo(GetLocalPath(key)).Length;

    public bool Exists(string key) => File.Exists(GetLocalPath(key));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(GetLocalPath(key));
        return Task.CompletedTask;
    }

    public Task<int> SweepStagingAsync(CancellationToken cancellationToken = default) => SweepStagingAsync(TimeSpan.Zero, cancellationToken);

    public Task<int> SweepStagingAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        var count = 0;
        var cutoff = DateTime.UtcNow - minimumAge;
        foreach (var file in Directory.EnumerateFiles(_stagingRoot, "*.part"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (minimumAge > TimeSpan.Zero && File.GetLastWriteTimeUtc(file) > cutoff)
            {
                continue;
            }

            try
            {
                File.Delete(file);
                count++;
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "Could not remove the staged file {File} left by an earlier run", file);
            }
        }

        if (count > 0)
        {
            _logger.LogInformation("Removed {Count} staged files left by an interrupted write", count);
        }

        return Task.FromResult(count);
    }

    public IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken = default) => EnumerateBlobs(cancellationToken).ToAsyncEnumerable();

    private IEnumerable<BlobEntry> EnumerateBlobs(CancellationToken cancellationToken)
    {
        foreach (var file in new DirectoryInfo(_blobRoot).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_blobRoot, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            yield return new BlobEntry(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        }
    }

    private sealed class StagedFile(string path, FileStream stream) : IStagedBlob
    {
        public Stream Stream => stream;

        public FileStream FileStream => stream;

        public string TemporaryPath { get; private set; } = path;

        public long Length => IsCommitted ? new FileInfo(TemporaryPath).Length : stream.Length;

        public bool IsCommitted { get; private set; }

        public string? Key { get; private set; }

        public void MarkCommitted(string finalPath, string key)
        {
            TemporaryPath = finalPath;
            Key = key;
            IsCommitted = true;
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (!IsCommitted)
            {
                try
                {
                    File.Delete(TemporaryPath);
                }
                catch (IOException)
                {
                    // Left for SweepStagingAsync at the next start.
                }
            }
        }
    }
}
