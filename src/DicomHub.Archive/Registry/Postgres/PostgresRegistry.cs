using System.Data.Common;
using DicomHub.Archive.Registry.Sql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DicomHub.Archive.Registry.Postgres;

/// <summary>
/// The registry in PostgreSQL, for a site with more than one server: every server points at the same
/// database (and the same blob store), so an instance stored through one is found and retrieved through any.
/// Writers of all servers are serialised by a transaction-scoped advisory lock, which keeps the duplicate
/// check and the patient/study/series upserts exactly as the single-process SQLite registry runs them. A
/// commit is durable when it returns as long as the server keeps synchronous_commit on (its default).
/// </summary>
public sealed class PostgresRegistry : SqlRegistry
{
    private const string MigrationPrefix = "DicomHub.Archive.Migrations.Postgres.";

    // Any fixed key works, as long as every DicomHub server uses the same one: "DCMH".
    private const long WriteLockKey = 0x44434D48;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresRegistry(string connectionString, int maxQueryResults = 10_000, ILogger<PostgresRegistry>? logger = null)
        : base(maxQueryResults, logger ?? NullLogger<PostgresRegistry>.Instance)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // The write path reuses a handful of statements for every instance; let Npgsql prepare them on the
        // server after a few uses unless the site chose otherwise.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        _dataSource = NpgsqlDataSource.Create(builder);
    }

    protected override IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = MigrationScripts.Load(MigrationPrefix);

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task LockForWriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({WriteLockKey})";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override string SameValue(string column, string parameter) => $"{column} IS NOT DISTINCT FROM {parameter}";

    /// <summary>
    /// PostgreSQL text cannot hold the NUL character (SQLite's can), and a malformed value or a query parameter
    /// may carry one; without this, one such instance failed the whole group commit it was part of.
    /// </summary>
    protected override object BindValue(object value) =>
        value is string text && text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", string.Empty, StringComparison.Ordinal) : value;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _dataSource.Dispose();
        }
    }
}
