using System.Globalization;
using DicomHub.Archive.Registry;
using DicomHub.Archive.Registry.Sqlite;
using Microsoft.Data.Sqlite;

namespace DicomHub.Archive.Forwarding.Sqlite;

/// <summary>
/// The transfer queue in a SQLite file: the registry's own (tables from its migration 0002) or, when the
/// registry is in PostgreSQL, a file of its own that <see cref="InitializeAsync"/> creates the tables in. Same durability as the registry: WAL, synchronous=FULL, so a job the export endpoint
/// answered 202 for survives a crash. Writes are serialised in-process; the registry's own writer and this
/// one meet in SQLite's busy timeout.
/// </summary>
public sealed class SqliteTransferQueue : ITransferQueue, IDisposable
{
    private const int MaxFailuresShown = 100;
    private const string Pending = "pending";
    private const string Done = "done";
    private const string Failed = "failed";

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteTransferQueue(string databasePath, TimeProvider? time = null)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Creates the queue's tables when the file has none, from the same script the SQLite registry's migration
    /// 2 runs. Called after the registry's own initialisation, so on the registry's file it finds them there.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var exists = Command(connection, null, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'transfer_jobs'"))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }
        }

        await using (var wal = Command(connection, null, "PRAGMA journal_mode=WAL"))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var script = MigrationScripts.Load(SqliteRegistry.MigrationPrefix).Single(m => m.Name.EndsWith("_transfer_queue.sql", StringComparison.Ordinal));
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in MigrationScripts.Statements(script.Sql))
        {
            await using var command = Command(connection, transaction, statement);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> EnqueueAsync(TransferRequest request, CancellationToken cancellationToken = default)
    {
        var now = Stamp(_time.GetUtcNow());
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            long jobId;
            await using (var job = Command(connection, transaction,
                "INSERT INTO transfer_jobs (destination, study_uid, series_uid, sop_uid, origin, created_utc) VALUES (@d, @st, @se, @sop, @o, @c) RETURNING id",
                ("@d", request.Destination), ("@st", request.Scope.StudyInstanceUid), ("@se", request.Scope.SeriesInstanceUid), ("@sop", request.Scope.SopInstanceUid), ("@o", request.Origin), ("@c", now)))
            {
                jobId = Convert.ToInt64(await job.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }

            await using var item = Command(connection, transaction,
                "INSERT INTO transfer_items (job_fk, destination, study_uid, series_uid, sop_uid, state, attempts, next_attempt_utc, updated_utc, last_error) VALUES (@j, @d, @st, @se, @sop, 'pending', 0, @n, @n, NULL)",
                ("@j", jobId), ("@d", request.Destination), ("@st", string.Empty), ("@se", string.Empty), ("@sop", string.Empty), ("@n", now));
            foreach (var instance in request.Instances)
            {
                item.Parameters["@st"].Value = instance.StudyInstanceUid;
                item.Parameters["@se"].Value = instance.SeriesInstanceUid;
                item.Parameters["@sop"].Value = instance.SopInstanceUid;
                await item.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // Past this line the job exists or the call throws; a departing HTTP client does not half-commit it.
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return jobId;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<string>> DueDestinationsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT DISTINCT destination FROM transfer_items WHERE state = 'pending' AND next_attempt_utc <= @now ORDER BY destination",
            ("@now", Stamp(now)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    public async Task<IReadOnlyList<TransferItem>> DueItemsAsync(string destination, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT id, job_fk, study_uid, series_uid, sop_uid, attempts FROM transfer_items " +
            "WHERE state = 'pending' AND destination = @d AND next_attempt_utc <= @now ORDER BY id LIMIT @max",
            ("@d", destination), ("@now", Stamp(now)), ("@max", Math.Max(1, max)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<TransferItem>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new TransferItem(
                reader.GetInt64(0),
                reader.GetInt64(1),
                destination,
                new TransferInstance(reader.GetString(2), reader.GetString(3), reader.GetString(4)),
                reader.GetInt32(5)));
        }

        return result;
    }

    public async Task UpdateAsync(IReadOnlyList<TransferItemUpdate> updates, CancellationToken cancellationToken = default)
    {
        if (updates.Count == 0)
        {
            return;
        }

        var now = Stamp(_time.GetUtcNow());
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // "state = 'pending'" in the WHERE: an item once done or failed never changes again.
            await using var command = Command(connection, transaction,
                "UPDATE transfer_items SET state = @s, attempts = @a, last_error = COALESCE(@e, last_error), next_attempt_utc = @n, updated_utc = @u WHERE id = @id AND state = 'pending'",
                ("@s", string.Empty), ("@a", 0), ("@e", null), ("@n", string.Empty), ("@u", now), ("@id", 0L));
            foreach (var update in updates)
            {
                command.Parameters["@s"].Value = StateText(update.State);
                command.Parameters["@a"].Value = update.Attempts;
                command.Parameters["@e"].Value = (object?)update.Error ?? DBNull.Value;
                command.Parameters["@n"].Value = Stamp(update.NextAttempt);
                command.Parameters["@id"].Value = update.ItemId;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task DeferDestinationAsync(string destination, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, null,
                "UPDATE transfer_items SET next_attempt_utc = @t WHERE destination = @d AND state = 'pending' AND next_attempt_utc < @t",
                ("@d", destination), ("@t", Stamp(until)));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT MIN(next_attempt_utc) FROM transfer_items WHERE state = 'pending'");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string text ? Parse(text) : null;
    }

    public async Task<TransferJobStatus?> GetJobAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var jobs = await ReadJobsAsync(connection, "WHERE j.id = @id", ("@id", id), cancellationToken).ConfigureAwait(false);
        if (jobs.Count == 0)
        {
            return null;
        }

        await using var command = Command(connection, null,
            $"SELECT sop_uid, last_error FROM transfer_items WHERE job_fk = @id AND state = 'failed' ORDER BY id LIMIT {MaxFailuresShown}",
            ("@id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var failures = new List<TransferFailure>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            failures.Add(new TransferFailure(reader.GetString(0), reader.IsDBNull(1) ? "failed" : reader.GetString(1)));
        }

        return jobs[0] with { Failures = failures };
    }

    public async Task<IReadOnlyList<TransferJobStatus>> RecentJobsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadJobsAsync(connection, "WHERE j.id IN (SELECT id FROM transfer_jobs ORDER BY id DESC LIMIT @limit)", ("@limit", Math.Max(1, limit)), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _writeGate.Dispose();

    private static async Task<List<TransferJobStatus>> ReadJobsAsync(SqliteConnection connection, string where, (string, object) parameter, CancellationToken cancellationToken)
    {
        // The last error is the most recently updated item's, so a job shows why it is waiting now.
        await using var command = Command(connection, null,
            "SELECT j.id, j.destination, j.study_uid, j.series_uid, j.sop_uid, j.origin, j.created_utc, " +
            "COUNT(i.id), " +
            "SUM(CASE WHEN i.state = 'done' THEN 1 ELSE 0 END), " +
            "SUM(CASE WHEN i.state = 'failed' THEN 1 ELSE 0 END), " +
            "SUM(CASE WHEN i.state = 'pending' THEN 1 ELSE 0 END), " +
            "COALESCE(SUM(i.attempts), 0), " +
            "(SELECT e.last_error FROM transfer_items e WHERE e.job_fk = j.id AND e.last_error IS NOT NULL ORDER BY e.updated_utc DESC, e.id DESC LIMIT 1) " +
            $"FROM transfer_jobs j LEFT JOIN transfer_items i ON i.job_fk = j.id {where} " +
            "GROUP BY j.id, j.destination, j.study_uid, j.series_uid, j.sop_uid, j.origin, j.created_utc ORDER BY j.id DESC",
            parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<TransferJobStatus>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            int Count(int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.GetInt32(ordinal);
            jobs.Add(new TransferJobStatus(
                reader.GetInt64(0),
                reader.GetString(1),
                new InstanceScope(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)),
                reader.GetString(5),
                Parse(reader.GetString(6)),
                Count(7),
                Count(8),
                Count(9),
                Count(10),
                Count(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                []));
        }

        return jobs;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON";
        await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static string StateText(TransferItemState state) => state switch
    {
        TransferItemState.Done => Done,
        TransferItemState.Failed => Failed,
        _ => Pending,
    };

    /// <summary>Fixed-width UTC text ("2026-11-25T17:55:38.1234567Z"): string order is time order.</summary>
    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
