namespace DicomHub.Archive;

/// <summary>Where and how the archive stores instances (configuration section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Root folder: registry.db and blobs/ live here.</summary>
    public string DataDirectory { get; set; } = "dicomhub-data";

    /// <summary>
    /// The folder that holds blobs/, when not <see cref="DataDirectory"/>. Servers sharing a PostgreSQL registry
    /// must share this folder too (the same network file system on each), and keep a data folder each.
    /// </summary>
    public string? BlobRoot { get; set; }

    public DuplicatePolicy DuplicatePolicy { get; set; } = DuplicatePolicy.KeepExistingAndWarn;

    /// <summary>An instance larger than this is refused (A700 out of resources / STOW FailureReason A700).</summary>
    public long MaxInstanceBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// fsync blobs and directories before acknowledging. Only a test or a throw-away archive turns it off:
    /// without it a power cut can lose instances the sender was told were stored.
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>A multi-instance ingest (one STOW request) commits every this many instances.</summary>
    public int IngestBatchSize { get; set; } = 64;

    /// <summary>The most results one query returns.</summary>
    public int MaxQueryResults { get; set; } = 10_000;

    /// <summary>
    /// How old a blob without a registry row, or a staged temporary file, must be before the sweep removes it;
    /// younger ones may belong to an instance being stored right now.
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the orphan sweep runs after the one at start-up; zero runs it at start-up only.</summary>
    public TimeSpan BlobSweepInterval { get; set; } = TimeSpan.FromHours(6);

    public string RegistryPath => Path.Combine(DataDirectory, "registry.db");

    public string BlobRootPath => string.IsNullOrWhiteSpace(BlobRoot) ? DataDirectory : BlobRoot;
}
