using DicomHub.Archive.Blobs.FileSystem;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Registry.Sqlite;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Support;

/// <summary>A blob store, a registry and the ingest pipeline over them, in a temp folder.</summary>
internal sealed class ArchiveFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("dicomhub-archive");
    private readonly SqliteRegistry _sqlite;

    private ArchiveFixture(StorageOptions options, Func<IRegistry, IRegistry>? wrapRegistry)
    {
        options.DataDirectory = _directory.Path;
        Options = options;
        Blobs = new FileSystemBlobStore(_directory.Path, options.Durable);
        _sqlite = new SqliteRegistry(options.RegistryPath);
        Registry = wrapRegistry?.Invoke(_sqlite) ?? _sqlite;
        Pipeline = new IngestPipeline(Blobs, Registry, options);
    }

    public StorageOptions Options { get; }

    public FileSystemBlobStore Blobs { get; }

    public IRegistry Registry { get; }

    public IngestPipeline Pipeline { get; }

    public string BlobDirectory => _directory.Combine("blobs");

    public static async Task<ArchiveFixture> CreateAsync(StorageOptions? options = null, Func<IRegistry, IRegistry>? wrapRegistry = null)
    {
        var fixture = new ArchiveFixture(options ?? new StorageOptions(), wrapRegistry);
        await fixture._sqlite.InitializeAsync(TestContext.Current.CancellationToken);
        return fixture;
    }

    public string[] BlobFiles() => Directory.GetFiles(BlobDirectory, "*", SearchOption.AllDirectories);

    /// <summary>Staged (uncommitted) blobs: "*.part" beside the blobs, and anything in the old staging folder.</summary>
    public string[] StagedFiles() => StagedBlobs.In(_directory.Path);

    public ValueTask DisposeAsync()
    {
        _sqlite.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
