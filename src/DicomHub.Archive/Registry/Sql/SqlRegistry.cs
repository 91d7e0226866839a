using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using DicomHub.Archive.Query;
using Microsoft.Extensions.Logging;

namespace DicomHub.Archive.Registry.Sql;

/// <summary>
/// The registry over any ADO.NET provider whose SQL is close enough to the standard: every statement, the
/// query compiler and the write logic are shared, and a subclass supplies only what differs (how a
/// connection is opened and set up, its migration scripts, NULL-safe equality, and how writers of several
/// processes are kept apart). Writers of this process are serialised on one connection, so a commit never
/// waits on a lock held by another commit of the same server.
/// </summary>
public abstract partial class SqlRegistry : IRegistry, IDisposable
{
    private readonly int _maxResults;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    protected SqlRegistry(int maxQueryResults, ILogger logger)
    {
        _maxResults = maxQueryResults;
        Logger = logger;
    }

    protected ILogger Logger { get; }

    /// <summary>The schema migrations of this database, in version order.</summary>
    protected abstract IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await PrepareDatabaseAsync(connection, cancellationToken).ConfigureAwait(false);

        // One transaction, taken under the cross-process write lock: several servers starting together on one
        // database must not race to create the same tables.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockForWriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken, transaction).ConfigureAwait(false);
        await using var versionCommand = connection.CreateCommand();
        versionCommand.Transaction = transaction;
        versionCommand.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var current = Convert.ToInt32(await versionCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var applied = new List<string>();
        foreach (var (version, name, sql) in Migrations.Where(m => m.Version > current))
        {
            foreach (var statement in MigrationScripts.Statements(sql))
            {
                await ExecuteAsync(connection, statement, cancellationToken, transaction).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, $"INSERT INTO schema_version (version) VALUES ({version})", cancellationToken, transaction).ConfigureAwait(false);
            applied.Add(name);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in applied)
        {
            Logger.LogInformation("Registry schema migrated to {Name}", name);
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_version";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
        }
        catch (DbException)
        {
            return false;
        }
    }

    public async Task<bool> ContainsInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM instances WHERE sop_uid = @uid";
        AddParameter(command, "@uid", sopInstanceUid);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public async Task<IReadOnlyList<QueryRow>> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default)
    {
        var statement = QuerySqlBuilder.Build(request, _maxResults);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        foreach (var (name, value) in statement.Parameters)
        {
            AddParameter(command, name, value);
        }

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
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            ResetWriteConnection();
            _writeGate.Dispose();
        }
    }

    /// <summary>A new open connection with this database's session settings applied.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Once per start, before the migrations, outside any transaction (SQLite turns on WAL here).</summary>
    protected virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// First statement of every write transaction: keeps the writers of other processes sharing this database
    /// out until the commit. SQLite needs nothing (its own file lock serialises writers).
    /// </summary>
    protected virtual Task LockForWriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>SQL that is true when <paramref name="column"/> equals <paramref name="parameter"/>, NULL matching NULL.</summary>
    protected abstract string SameValue(string column, string parameter);

    /// <summary>A value as this database can store it; every bound value passes through here.</summary>
    protected virtual object BindValue(object value) => value;

    protected void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = BindValue(value);
        command.Parameters.Add(parameter);
    }

    protected static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<StoredInstance>> ResolveAsync(DbConnection connection, DbTransaction? transaction, InstanceScope scope, CancellationToken cancellationToken)
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
    private string ScopeSql(DbCommand command, InstanceScope scope)
    {
        var sql = "FROM instances i JOIN series se ON se.id = i.series_fk JOIN studies st ON st.id = se.study_fk WHERE st.study_uid = @study";
        AddParameter(command, "@study", scope.StudyInstanceUid);
        if (scope.SeriesInstanceUid is not null)
        {
            sql += " AND se.series_uid = @series";
            AddParameter(command, "@series", scope.SeriesInstanceUid);
        }

        if (scope.SopInstanceUid is not null)
        {
            sql += " AND i.sop_uid = @sop";
            AddParameter(command, "@sop", scope.SopInstanceUid);
        }

        return sql + " ORDER BY se.id, i.instance_number_int, i.id";
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int? Number(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
