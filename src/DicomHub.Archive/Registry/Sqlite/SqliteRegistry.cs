using System.Data.Common;
using DicomHub.Archive.Registry.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Registry.Sqlite;

/// <summary>
/// The embedded registry: one SQLite file, WAL mode (readers never wait for the writer) and synchronous=FULL
/// (a commit is on disk when it returns, which is what lets the archive say "stored"). One server per file;
/// several servers share a PostgreSQL registry instead.
/// </summary>
public sealed class SqliteRegistry : SqlRegistry
{
    /// <summary>Where the SQLite scripts are embedded; the transfer queue's own file takes its script from here too.</summary>
    internal const string MigrationPrefix = "DicomHub.Archive.Migrations.Sqlite.";

    private readonly string _connectionString;

    public SqliteRegistry(string databasePath, int maxQueryResults = 10_000, ILogger<SqliteRegistry>? logger = null)
        : base(maxQueryResults, logger ?? NullLogger<SqliteRegistry>.Instance)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    protected override IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = MigrationScripts.Load(MigrationPrefix);

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Per connection: LIKE must be case-sensitive (DICOM matching is, except PN which uses upper-cased
        // columns), commits must be durable, and a busy database waits instead of failing.
        await ExecuteAsync(connection, "PRAGMA case_sensitive_like=ON; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "PRAGMA journal_mode=WAL", cancellationToken);

    protected override string SameValue(string column, string parameter) => $"{column} IS {parameter}";
}
