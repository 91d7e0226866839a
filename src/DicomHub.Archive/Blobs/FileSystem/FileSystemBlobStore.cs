using DicomHub.Dicom.Data.Buffers;
using DicomHub.Network.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Blobs.FileSystem;

/// <summary>
/// Blobs as files under a root folder: committed to root/blobs/xx/&lt;guid&gt;.dcm. A blob is staged beside its
/// final name (&lt;guid&gt;.dcm.part, which no reader looks at) and committed with fsync of the file, a rename
/// inside the same folder (atomic), then fsync of the folder so the rename itself survives a power cut.
/// Staging in the final folder rather than one shared staging folder matters under concurrent ingest:
/// every create and every rename locks its folder(s), and a cross-folder rename also takes the file
/// system's rename lock, so one shared folder serialised all writers (measured in docs/benchmark.md,
/// "ingest"). Keys are fresh GUIDs, so two writers of the same SOP instance never collide here; the
/// registry decides which one wins. root/tmp is only swept: earlier versions staged there.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Small on purpose: while its buffer holds anything, FileStream copies into it whatever fits, so a 64 KB
    /// buffer behind the small file meta write copied nearly every byte of each instance once more. With 4 KB
    /// the network's 16-64 KB chunks go straight to the file; element-by-element writes of an instance the
    /// archive builds itself are still gathered.
    /// </summary>
    private const int StagingBufferSize = 4096;
    private const string StagedSuffix = ".part";
    private readonly string _blobRoot;
    private readonly string _legacyStagingRoot;
    private readonly bool _durable;
    private readonly bool _shared;
    private readonly ILogger _logger;
    private readonly DateTime _openedUtc = DateTime.UtcNow;

    /// <summary>Blob folders known to exist, so staging does not ask the file system every time.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _knownFolders = new(StringComparer.Ordinal);

    /// <param name="shared">Other servers write into the same root (they share a PostgreSQL registry): a staged
    /// file from before this store opened may be theirs and alive, so only age makes one dead.</param>
    public FileSystemBlobStore(string root, bool durable = true, ILogger<FileSystemBlobStore>? logger = null, bool shared = false)
    {
        _blobRoot = Path.GetFullPath(Path.Combine(root, "blobs"));
        _legacyStagingRoot = Path.GetFullPath(Path.Combine(root, "tmp"));
        _durable = durable;
        _shared = shared;
        _logger = logger ?? NullLogger<FileSystemBlobStore>.Instance;
        Directory.CreateDirectory(_blobRoot);
    }

    public IStagedBlob Stage()
    {
        var id = Guid.NewGuid().ToString("N");
        var key = $"{id[..2]}/{id}.dcm";
        var target = GetLocalPath(key);
        var folder = Path.GetDirectoryName(target)!;
        if (!_knownFolders.ContainsKey(folder))
        {
            // First use of this folder by this process: make sure it exists durably (its entry lives in the
            // blob root) before any blob in it is acknowledged. At most 256 times per process.
            Directory.CreateDirectory(folder);
            if (_durable)
            {
                FolderSync.Flush(_blobRoot);
            }

            _knownFolders[folder] = true;
        }

        var path = target + StagedSuffix;
        // Not FileOptions.Asynchronous: the staged file is written inline (EarlyWritebackStream explains why).
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, StagingBufferSize, FileOptions.None);
        return new StagedFile(path, stream, new EarlyWritebackStream(stream, _durable), key, target);
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
            // The staged file is still open (FileShare.Delete allows the rename on Windows too) so that its
            // data can be flushed after the rename, together with the folder.
            File.Move(file.TemporaryPath, file.FinalPath);
            file.MarkCommitted();
            touched.Add(Path.GetDirectoryName(file.FinalPath)!);
            keys.Add(file.FinalKey);
        }

        try
        {
            if (batchSync)
            {
                DirectorySync.FlushFileSystem(_blobRoot);
            }
            else if (_durable)
            {
                // The folder flush runs on another thread while this one flushes the file: both wait for the
                // same disk flush, and the common case (one blob) costs one thread hop, not two.
                var folders = touched.Select(d => Task.Run(() => FolderSync.Flush(d), CancellationToken.None)).ToList();
                try
                {
                    foreach (var file in files)
                    {
                        file.FileStream.Flush(flushToDisk: true);
                    }
                }
                finally
                {
                    await Task.WhenAll(folders).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var file in files)
            {
                await file.FileStream.DisposeAsync().ConfigureAwait(false);
            }
        }

        return keys;
    }

    public async Task RevokeAsync(IReadOnlyList<IStagedBlob> blobs, CancellationToken cancellationToken = default)
    {
        foreach (var blob in blobs)
        {
            if (blob.Key is { } key)
            {
                await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }

            await blob.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(OpenFile(key, FileOptions.Asynchronous | FileOptions.SequentialScan));

    public Task<Stream> OpenRangeAsync(string key, long offset, long length, CancellationToken cancellationToken = default)
    {
        var file = OpenFile(key, FileOptions.Asynchronous);
        if (file.Length < offset + length)
        {
            file.Dispose();
            throw new EndOfStreamException($"Blob '{key}' is {file.Length} bytes, shorter than the range at byte {offset} with length {length}: the file changed or was truncated.");
        }

        return Task.FromResult<Stream>(new SubStream(file, offset, length));
    }

    public Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(GetLocalPath(key));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    /// <summary>The file behind a key: only for this store's own tests and tools that know the store is a folder.</summary>
    public string GetLocalPath(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_blobRoot, key));
        if (!path.StartsWith(_blobRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob key '{key}' points outside the blob store.", nameof(key));
        }

        return path;
    }

    /// <summary>Where a blob staged by this store is being written: only for this store's own tests.</summary>
    public static string StagedPathOf(IStagedBlob blob) =>
        (blob as StagedFile ?? throw new ArgumentException("The blob was not staged by a file-system store.", nameof(blob))).TemporaryPath;

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(GetLocalPath(key));
        return Task.CompletedTask;
    }

    private FileStream OpenFile(string key, FileOptions options)
    {
        try
        {
            return new FileStream(GetLocalPath(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, options);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(key, e);
        }
    }

    public Task<int> SweepStagingAsync(CancellationToken cancellationToken = default) => SweepStagingAsync(TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Removes staged files older than <paramref name="minimumAge"/>, and (unless the root is shared with other
    /// servers) every staged file written before this store was opened: those belong to a process that is
    /// gone, whatever their age.
    /// </summary>
    public Task<int> SweepStagingAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        var count = 0;
        // File times come from the kernel's coarse clock, a few milliseconds behind DateTime.UtcNow: "before
        // the store opened" keeps a margin, so a file staged just after opening is never taken for a dead one.
        var cutoff = DateTime.UtcNow - minimumAge;
        var openedWithMargin = _openedUtc - TimeSpan.FromSeconds(2);
        if (!_shared && cutoff < openedWithMargin)
        {
            cutoff = openedWithMargin;
        }

        foreach (var file in EnumerateStagedFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (minimumAge > TimeSpan.Zero && File.GetLastWriteTimeUtc(file) >= cutoff)
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
                _logger.LogWarning(e, "Could not remove the staged file {File} left by an interrupted write", file);
            }
        }

        if (count > 0)
        {
            _logger.LogInformation("Removed {Count} staged files left by an interrupted write", count);
        }

        return Task.FromResult(count);
    }

    /// <summary>Staged files of this version (beside their blobs) and of earlier ones (root/tmp).</summary>
    private IEnumerable<string> EnumerateStagedFiles()
    {
        var legacy = Directory.Exists(_legacyStagingRoot) ? Directory.EnumerateFiles(_legacyStagingRoot, "*" + StagedSuffix) : [];
        return legacy.Concat(Directory.EnumerateFiles(_blobRoot, "*" + StagedSuffix, SearchOption.AllDirectories));
    }

    public IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken = default) => EnumerateBlobs(cancellationToken).ToAsyncEnumerable();

    private IEnumerable<BlobEntry> EnumerateBlobs(CancellationToken cancellationToken)
    {
        foreach (var file in new DirectoryInfo(_blobRoot).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Name.EndsWith(StagedSuffix, StringComparison.Ordinal))
            {
                continue; // being written, or left by a crash: SweepStagingAsync's business, never an orphan blob
            }

            var key = Path.GetRelativePath(_blobRoot, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            yield return new BlobEntry(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        }
    }

    private sealed class StagedFile(string path, FileStream stream, Stream writer, string finalKey, string finalPath) : IStagedBlob
    {
        /// <summary>Where the instance's bytes are written (with early writeback when durable).</summary>
        public Stream Stream => writer;

        public Stream OpenStaged() =>
            new FileStream(TemporaryPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);

        public FileStream FileStream => stream;

        public string TemporaryPath { get; private set; } = path;

        public string FinalKey => finalKey;

        public string FinalPath => finalPath;

        public long Length => IsCommitted ? new FileInfo(TemporaryPath).Length : stream.Length;

        public bool IsCommitted { get; private set; }

        public string? Key { get; private set; }

        public void MarkCommitted()
        {
            TemporaryPath = finalPath;
            Key = finalKey;
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
