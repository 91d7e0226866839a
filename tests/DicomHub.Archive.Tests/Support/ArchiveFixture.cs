using DicomHub.Archive.Blobs;
using DicomHub.Archive.Blobs.FileSystem;
using DicomHub.Archive.Ingest;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Registry.Postgres;
using DicomHub.Archive.Registry.Sql;
using DicomHub.Archive.Registry.Sqlite;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Support;

/// <summary>A blob store, a registry (SQLite, or a fresh PostgreSQL database) and the ingest pipeline over them, in a temp folder.</summary>
internal sealed class ArchiveFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("dicomhub-archive");
    private readonly SqlRegistry _sql;

    private ArchiveFixture(StorageOptions options, Func<IRegistry, IRegistry>? wrapRegistry, string? postgresConnection)
    {
        options.DataDirectory = _directory.Path;
        Options = options;
        Blobs = new FileSystemBlobStore(_directory.Path, options.Durable);
        _sql = postgresConnection is null ? new SqliteRegistry(options.RegistryPath) : new PostgresRegistry(postgresConnection);
        Registry = wrapRegistry?.Invoke(_sql) ?? _sql;
        Pipeline = new IngestPipeline(Blobs, Registry, options);
    }

    public StorageOptions Options { get; }

    public IBlobStore Blobs { get; }

    /// <summary>The blob store as the file-system store it is here, for tests of file-system behaviour (file times, staged files).</summary>
    public FileSystemBlobStore FileSystem => (FileSystemBlobStore)Blobs;

    public IRegistry Registry { get; }

    public IngestPipeline Pipeline { get; }

    public string BlobDirectory => _directory.Combine("blobs");

    /// <param name="postgres">The cluster to take a database from; null for SQLite.</param>
    public static async Task<ArchiveFixture> CreateAsync(StorageOptions? options = null, Func<IRegistry, IRegistry>? wrapRegistry = null, PostgresCluster? postgres = null)
    {
        var connection = postgres is null ? null : await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var fixture = new ArchiveFixture(options ?? new StorageOptions(), wrapRegistry, connection);
        await fixture._sql.InitializeAsync(TestContext.Current.CancellationToken);
        return fixture;
    }

    public string[] BlobFiles() => Directory.GetFiles(BlobDirectory, "*", SearchOption.AllDirectories);

    /// <summary>Staged (uncommitted) blobs: "*.part" beside the blobs, and anything in the old staging folder.</summary>
    public string[] StagedFiles() => StagedBlobs.In(_directory.Path);

    public ValueTask DisposeAsync()
    {
        _sql.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
