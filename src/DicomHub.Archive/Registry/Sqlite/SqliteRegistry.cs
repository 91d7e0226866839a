using System.Data.Common;
using System.Runtime.CompilerServices;
using DicomHub.Archive.Query;
using DicomHub.Archive.Registry.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomHub.Archive.Registry.Sqlite;

/// <summary>
/// The registry in one SQLite file, WAL mode (readers never wait for the writer) and synchronous=FULL
/// (a commit is on disk when it returns, which is what lets the archive say "stored"). Writers are
/// serialised in-process so they queue on a semaphore instead of spinning on SQLITE_BUSY.
/// </summary>
public sealed partial class SqliteRegistry : IRegistry, IDisposable
{
    private readonly string _connectionString;
    private readonly int _maxResults;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteRegistry(string databasePath, int maxQueryResults = 10_000, ILogger<SqliteRegistry>? logger = null)
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
        _maxResults = maxQueryResults;
        _logger = logger ?? NullLogger<SqliteRegistry>.Instance;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
        await using var versionCommand = connection.CreateCommand();
        versionCommand.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var current = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, name, sql) in MigrationScripts.Load().Where(m => m.Version > current))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var statement in MigrationScripts.Statements(sql))
            {
                await ExecuteAsync(connection, statement, cancellationToken, transaction).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({version})", cancellationToken, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Registry schema migrated to {Name}", name);
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_version";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public async Task<bool> ContainsInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM instances WHERE sop_uid = @uid";
        command.Parameters.AddWithValue("@uid", sopInstanceUid);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task<IReadOnlyList<QueryRow>> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default)
    {
        var statement = QuerySqlBuilder.Build(request, _maxResults);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = CreateCommand(connection, statement);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<QueryRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new QueryRow(
                Text(reader, 0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6),
                Number(reader, 7), Number(reader, 8), Text(reader, 9), Number(reader, 10)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<StoredInstance>> ResolveAsync(InstanceScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ResolveAsync(connection, null, scope, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<string> ReadMetadataAsync(InstanceScope scope, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT i.metadata_json " + ScopeSql(command, scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.GetString(0);
        }
    }

    public void Dispose()
    {
        ResetWriteConnection();
        _writeGate.Dispose();
    }

    private static async Task<IReadOnlyList<StoredInstance>> ResolveAsync(SqliteConnection connection, SqliteTransaction? transaction, InstanceScope scope, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT st.study_uid, se.series_uid, i.sop_uid, i.sop_class_uid, i.transfer_syntax_uid, i.blob_key, i.blob_size " + ScopeSql(command, scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<StoredInstance>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StoredInstance(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt64(6)));
        }

        return result;
    }

    /// <summary>FROM/WHERE/ORDER BY for a scope; adds its parameters to the command.</summary>
    private static string ScopeSql(SqliteCommand command, InstanceScope scope)
    {
        var sql = "FROM instances i JOIN series se ON se.id = i.series_fk JOIN studies st ON st.id = se.study_fk WHERE st.study_uid = @study";
        command.Parameters.AddWithValue("@study", scope.StudyInstanceUid);
        if (scope.SeriesInstanceUid is not null)
        {
            sql += " AND se.series_uid = @series";
            command.Parameters.AddWithValue("@series", scope.SeriesInstanceUid);
        }

        if (scope.SopInstanceUid is not null)
        {
            sql += " AND i.sop_uid = @sop";
            command.Parameters.AddWithValue("@sop", scope.SopInstanceUid);
        }

        return sql + " ORDER BY se.id, i.instance_number_int, i.id";
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Per connection: LIKE must be case-sensitive (DICOM matching is, except PN which uses upper-cased
        // columns), commits must be durable, and a busy database waits instead of failing.
        await ExecuteAsync(connection, "PRAGMA case_sensitive_like=ON; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static SqliteCommand CreateCommand(SqliteConnection connection, SqlStatement statement, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement.Text;
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int? Number(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
