using System.Data.Common;
using System.Globalization;
using DicomHub.Archive.Query;

namespace DicomHub.Archive.Registry.Sql;

/// <summary>The write side: commits of ingested instances and deletes, each one transaction.</summary>
public abstract partial class SqlRegistry
{
    private static readonly string[] PatientColumns = ColumnsOf(QueryLevel.Patient);
    private static readonly string[] StudyColumns = ColumnsOf(QueryLevel.Study);
    private static readonly string[] SeriesColumns = ColumnsOf(QueryLevel.Series);

    private const int InListChunk = 500;

    public Task<IReadOnlyList<CommitResult>> CommitAsync(IReadOnlyList<InstanceRecord> records, DuplicatePolicy policy, CancellationToken cancellationToken = default) =>
        CommitAsync(records, policy, [], cancellationToken);

    public async Task<IReadOnlyList<CommitResult>> CommitAsync(IReadOnlyList<InstanceRecord> records, DuplicatePolicy policy, IReadOnlyCollection<long> doneFollowUps, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0 && doneFollowUps.Count == 0)
        {
            return [];
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await WriteConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockForWriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var batch = new BatchCache();
            await FindStoredAsync(connection, transaction, records, batch, cancellationToken).ConfigureAwait(false);
            var results = new List<CommitResult>(records.Count);
            foreach (var record in records)
            {
                results.Add(await CommitOneAsync(connection, transaction, record, policy, batch, cancellationToken).ConfigureAwait(false));
            }

            await ApplyCountsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
            await DeleteFollowUpsAsync(connection, transaction, doneFollowUps, cancellationToken).ConfigureAwait(false);

            // Once past this line nothing may cancel: the commit either happens or throws.
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return results;
        }
        catch
        {
            ResetWriteConnection();
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<StoredInstance>> DeleteAsync(InstanceScope scope, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await WriteConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockForWriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var doomed = await ResolveAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
            if (doomed.Count == 0)
            {
                return doomed;
            }

            foreach (var instance in doomed)
            {
                await NonQueryAsync(connection, transaction, "DELETE FROM instances WHERE sop_uid = @sop", cancellationToken, ("@sop", instance.SopInstanceUid)).ConfigureAwait(false);
            }

            var studyId = await ScalarAsync(connection, transaction, "SELECT id FROM studies WHERE study_uid = @uid", cancellationToken, ("@uid", scope.StudyInstanceUid)).ConfigureAwait(false);
            var patientId = await ScalarAsync(connection, transaction, "SELECT patient_fk FROM studies WHERE id = @id", cancellationToken, ("@id", studyId!)).ConfigureAwait(false);
            await NonQueryAsync(connection, transaction, "DELETE FROM series WHERE study_fk = @id AND NOT EXISTS (SELECT 1 FROM instances WHERE series_fk = series.id)", cancellationToken, ("@id", studyId!)).ConfigureAwait(false);
            await RecountStudyAsync(connection, transaction, Convert.ToInt64(studyId, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await NonQueryAsync(connection, transaction, "DELETE FROM studies WHERE id = @id AND num_series = 0", cancellationToken, ("@id", studyId!)).ConfigureAwait(false);
            await NonQueryAsync(connection, transaction, "DELETE FROM patients WHERE id = @id AND NOT EXISTS (SELECT 1 FROM studies WHERE patient_fk = patients.id)", cancellationToken, ("@id", patientId!)).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return doomed;
        }
        catch
        {
            ResetWriteConnection();
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<CommitResult> CommitOneAsync(DbConnection connection, DbTransaction transaction, InstanceRecord record, DuplicatePolicy policy, BatchCache batch, CancellationToken cancellationToken)
    {
        var exists = batch.Stored.TryGetValue(record.SopInstanceUid, out var stored);
        if (exists && policy != DuplicatePolicy.Overwrite)
        {
            return new CommitResult(policy == DuplicatePolicy.Reject ? CommitOutcome.DuplicateRejected : CommitOutcome.DuplicateKept);
        }

        var patientId = await UpsertPatientAsync(connection, transaction, record, batch, cancellationToken).ConfigureAwait(false);
        var studyId = await UpsertStudyAsync(connection, transaction, record, patientId, batch, cancellationToken).ConfigureAwait(false);
        var seriesId = await UpsertSeriesAsync(connection, transaction, record, studyId, batch, cancellationToken).ConfigureAwait(false);

        var instanceNumber = int.TryParse(record.InstanceNumber, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? (object)n : DBNull.Value;
        (string, object)[] values =
        [
            ("@series", seriesId), ("@sop", record.SopInstanceUid), ("@class", record.SopClassUid), ("@number", record.InstanceNumber),
            ("@numberInt", instanceNumber), ("@ts", record.TransferSyntaxUid), ("@blob", record.BlobKey), ("@size", record.BlobSize),
            ("@created", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)), ("@json", record.MetadataJson),
        ];

        batch.Stored[record.SopInstanceUid] = new StoredRow(record.BlobKey, seriesId);
        if (exists)
        {
            await NonQueryAsync(connection, transaction,
                "UPDATE instances SET series_fk = @series, sop_class_uid = @class, instance_number = @number, instance_number_int = @numberInt, " +
                "transfer_syntax_uid = @ts, blob_key = @blob, blob_size = @size, created_utc = @created, metadata_json = @json WHERE sop_uid = @sop",
                cancellationToken, values).ConfigureAwait(false);
            if (stored.SeriesId != seriesId)
            {
                // The new copy moved to another series: both series' counts change.
                await NonQueryAsync(connection, transaction, "UPDATE series SET num_instances = num_instances - 1 WHERE id = @id", cancellationToken, ("@id", stored.SeriesId)).ConfigureAwait(false);
                await NonQueryAsync(connection, transaction, "UPDATE studies SET num_instances = num_instances - 1 WHERE id = (SELECT study_fk FROM series WHERE id = @id)", cancellationToken, ("@id", stored.SeriesId)).ConfigureAwait(false);
                batch.CountNewInstance(seriesId, studyId);
            }

            return new CommitResult(CommitOutcome.Replaced, stored.BlobKey, await RecordFollowUpAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false));
        }

        await NonQueryAsync(connection, transaction,
            "INSERT INTO instances (series_fk, sop_uid, sop_class_uid, instance_number, instance_number_int, transfer_syntax_uid, blob_key, blob_size, created_utc, metadata_json) " +
            "VALUES (@series, @sop, @class, @number, @numberInt, @ts, @blob, @size, @created, @json)",
            cancellationToken, values).ConfigureAwait(false);
        batch.CountNewInstance(seriesId, studyId);
        return new CommitResult(CommitOutcome.Inserted, null, await RecordFollowUpAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false));
    }

    public async IAsyncEnumerable<FollowUp> ReadFollowUpsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, study_uid, series_uid, sop_uid, sop_class_uid, modality, protocol, peer FROM follow_ups ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new FollowUp(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                new IngestOrigin(reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
    }

    public async Task DeleteFollowUpsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count > 0)
        {
            await CommitAsync([], DuplicatePolicy.Reject, ids, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The follow-up row an instance asked for (<see cref="InstanceRecord.FollowUpFrom"/>), in the commit's transaction.</summary>
    private async Task<long?> RecordFollowUpAsync(DbConnection connection, DbTransaction transaction, InstanceRecord record, CancellationToken cancellationToken)
    {
        if (record.FollowUpFrom is not { } origin)
        {
            return null;
        }

        var id = await ScalarAsync(connection, transaction,
            "INSERT INTO follow_ups (sop_uid, study_uid, series_uid, sop_class_uid, modality, protocol, peer, created_utc) " +
            "VALUES (@sop, @study, @series, @class, @modality, @protocol, @peer, @created) RETURNING id",
            cancellationToken,
            ("@sop", record.SopInstanceUid), ("@study", record.StudyInstanceUid), ("@series", record.SeriesInstanceUid), ("@class", record.SopClassUid),
            ("@modality", Value(record.Series, "modality")), ("@protocol", origin.Protocol), ("@peer", (object?)origin.Peer ?? DBNull.Value),
            ("@created", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture))).ConfigureAwait(false);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    /// <summary>Removes follow-ups that ran, in one statement per <see cref="InListChunk"/> ids.</summary>
    private async Task DeleteFollowUpsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        foreach (var (list, parameters) in InLists(ids.Distinct().Cast<object>()))
        {
            await using var delete = Command(connection, transaction, $"DELETE FROM follow_ups WHERE id IN ({list})", parameters);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The rows already stored for the batch's SOP Instance UIDs, in one query per 500 UIDs rather than one per
    /// instance (on PostgreSQL each statement is a round trip). Taken inside the write transaction and under
    /// the write lock, so no other writer can add one before the commit; rows this batch writes are added to
    /// the same map as it goes, so a UID twice in one batch is a duplicate of itself, as before.
    /// </summary>
    private async Task FindStoredAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<InstanceRecord> records, BatchCache batch, CancellationToken cancellationToken)
    {
        foreach (var (list, parameters) in InLists(records.Select(r => r.SopInstanceUid).Distinct(StringComparer.Ordinal)))
        {
            await using var find = Command(connection, transaction, $"SELECT sop_uid, blob_key, series_fk FROM instances WHERE sop_uid IN ({list})", parameters);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Stored[reader.GetString(0)] = new StoredRow(reader.GetString(1), reader.GetInt64(2));
            }
        }
    }

    /// <summary>
    /// <paramref name="values"/> as parameter lists for SQL IN (...), at most <see cref="InListChunk"/> each: both
    /// databases cap a statement's parameters (SQLite at 32766), and a batch may be larger.
    /// </summary>
    private static IEnumerable<(string List, (string Name, object Value)[] Parameters)> InLists(IEnumerable<object> values)
    {
        foreach (var chunk in values.Chunk(InListChunk))
        {
            var parameters = chunk.Select((value, i) => ("@in" + i.ToString(CultureInfo.InvariantCulture), value)).ToArray();
            yield return (string.Join(", ", parameters.Select(p => p.Item1)), parameters);
        }
    }

    /// <summary>
    /// The instance counters of every series and study the transaction added to, once each at the end: per
    /// instance they were two more statements, which on PostgreSQL are two more round trips.
    /// </summary>
    private async Task ApplyCountsAsync(DbConnection connection, DbTransaction transaction, BatchCache batch, CancellationToken cancellationToken)
    {
        foreach (var (seriesId, added) in batch.SeriesAdded)
        {
            await NonQueryAsync(connection, transaction, "UPDATE series SET num_instances = num_instances + @n WHERE id = @id", cancellationToken, ("@n", added), ("@id", seriesId)).ConfigureAwait(false);
        }

        foreach (var (studyId, added) in batch.StudiesAdded)
        {
            await NonQueryAsync(connection, transaction, "UPDATE studies SET num_instances = num_instances + @n WHERE id = @id", cancellationToken, ("@n", added), ("@id", studyId)).ConfigureAwait(false);
        }
    }

    private async Task<long> UpsertPatientAsync(DbConnection connection, DbTransaction transaction, InstanceRecord record, BatchCache batch, CancellationToken cancellationToken)
    {
        var key = (Value(record.Patient, "patient_id"), Value(record.Patient, "issuer"));
        if (batch.Patients.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var existing = await ScalarAsync(connection, transaction, "SELECT id FROM patients WHERE patient_id = @a AND issuer = @b", cancellationToken, ("@a", key.Item1), ("@b", key.Item2)).ConfigureAwait(false);
        var id = await UpsertRowAsync(connection, transaction, "patients", PatientColumns, record.Patient, existing, [], cancellationToken).ConfigureAwait(false);
        batch.Patients[key] = id;
        return id;
    }

    private async Task<long> UpsertStudyAsync(DbConnection connection, DbTransaction transaction, InstanceRecord record, long patientId, BatchCache batch, CancellationToken cancellationToken)
    {
        if (batch.Studies.TryGetValue(record.StudyInstanceUid, out var cached))
        {
            return cached;
        }

        var existing = await ScalarAsync(connection, transaction, "SELECT id FROM studies WHERE study_uid = @uid", cancellationToken, ("@uid", record.StudyInstanceUid)).ConfigureAwait(false);
        var id = await UpsertRowAsync(connection, transaction, "studies", StudyColumns, record.Study, existing,
            [("patient_fk", patientId)], cancellationToken, [("modalities", string.Empty), ("num_series", 0), ("num_instances", 0)]).ConfigureAwait(false);
        batch.Studies[record.StudyInstanceUid] = id;
        return id;
    }

    private async Task<long> UpsertSeriesAsync(DbConnection connection, DbTransaction transaction, InstanceRecord record, long studyId, BatchCache batch, CancellationToken cancellationToken)
    {
        if (batch.Series.TryGetValue(record.SeriesInstanceUid, out var cached))
        {
            return cached;
        }

        var existing = await ScalarAsync(connection, transaction, "SELECT id FROM series WHERE series_uid = @uid", cancellationToken, ("@uid", record.SeriesInstanceUid)).ConfigureAwait(false);
        var id = await UpsertRowAsync(connection, transaction, "series", SeriesColumns, record.Series, existing,
            [("study_fk", studyId)], cancellationToken, [("num_instances", 0)]).ConfigureAwait(false);
        if (existing is null)
        {
            await NonQueryAsync(connection, transaction, "UPDATE studies SET num_series = num_series + 1 WHERE id = @id", cancellationToken, ("@id", studyId)).ConfigureAwait(false);
            await UpdateModalitiesAsync(connection, transaction, studyId, cancellationToken).ConfigureAwait(false);
        }

        batch.Series[record.SeriesInstanceUid] = id;
        return id;
    }

    /// <summary>INSERT a new row (with initial counters) or UPDATE the indexed values of an existing one.</summary>
    private async Task<long> UpsertRowAsync(DbConnection connection, DbTransaction transaction, string table, string[] columns, LevelRow row, object? existingId, (string Column, object Value)[] links, CancellationToken cancellationToken, (string Column, object Value)[]? initial = null)
    {
        var assignments = columns.Select(c => (c, (object)Value(row, c))).Append(("attributes_json", row.AttributesJson)).Concat(links).ToList();
        var parameters = assignments.Select((a, i) => ($"@v{i}", a.Item2)).ToArray();
        if (existingId is long id)
        {
            // Every instance of a study carries the same patient, study and series values, so this is nearly
            // always a no-op: the WHERE leaves an unchanged row alone, because an UPDATE that sets columns to
            // their own values still rewrites the row and each of its indexes (about 15 WAL pages per
            // instance, measured with strace while ingesting ct1000).
            var set = string.Join(", ", assignments.Select((a, i) => $"{a.Item1} = @v{i}"));
            var unchanged = string.Join(" AND ", assignments.Select((a, i) => SameValue(a.Item1, $"@v{i}")));
            await NonQueryAsync(connection, transaction, $"UPDATE {table} SET {set} WHERE id = @id AND NOT ({unchanged})", cancellationToken, [.. parameters, ("@id", id)]).ConfigureAwait(false);
            return id;
        }

        var all = assignments.Concat(initial ?? []).ToList();
        var allParameters = all.Select((a, i) => ($"@v{i}", a.Item2)).ToArray();
        var sql = $"INSERT INTO {table} ({string.Join(", ", all.Select(a => a.Item1))}) VALUES ({string.Join(", ", allParameters.Select(p => p.Item1))}) RETURNING id";
        return Convert.ToInt64(await ScalarAsync(connection, transaction, sql, cancellationToken, allParameters).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private async Task UpdateModalitiesAsync(DbConnection connection, DbTransaction transaction, long studyId, CancellationToken cancellationToken)
    {
        var modalities = new SortedSet<string>(StringComparer.Ordinal);
        await using (var command = Command(connection, transaction, "SELECT DISTINCT modality FROM series WHERE study_fk = @id AND modality <> ''", ("@id", studyId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                modalities.Add(reader.GetString(0));
            }
        }

        await NonQueryAsync(connection, transaction, "UPDATE studies SET modalities = @m WHERE id = @id", cancellationToken, ("@m", string.Join('\\', modalities)), ("@id", studyId)).ConfigureAwait(false);
    }

    private async Task RecountStudyAsync(DbConnection connection, DbTransaction transaction, long studyId, CancellationToken cancellationToken)
    {
        await NonQueryAsync(connection, transaction, "UPDATE series SET num_instances = (SELECT COUNT(*) FROM instances WHERE series_fk = series.id) WHERE study_fk = @id", cancellationToken, ("@id", studyId)).ConfigureAwait(false);
        await NonQueryAsync(connection, transaction,
            "UPDATE studies SET num_series = (SELECT COUNT(*) FROM series WHERE study_fk = studies.id), " +
            "num_instances = (SELECT COALESCE(SUM(num_instances), 0) FROM series WHERE study_fk = studies.id) WHERE id = @id",
            cancellationToken, ("@id", studyId)).ConfigureAwait(false);
        await UpdateModalitiesAsync(connection, transaction, studyId, cancellationToken).ConfigureAwait(false);
    }

    private static string[] ColumnsOf(QueryLevel level) =>
        [.. IndexedAttributes.All.Where(a => a.Level == level && a.Tag != Dicom.Dictionary.DicomTags.SOPInstanceUID)
            .SelectMany(a => a.NormalizedColumn is { } norm ? new[] { a.Column, norm } : [a.Column]).Distinct()];

    private static string Value(LevelRow row, string column) => row.Columns.GetValueOrDefault(column, string.Empty);

    private DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            AddParameter(command, name, value);
        }

        return command;
    }

    private Task<int> NonQueryAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        WriteCommand(connection, transaction, sql, parameters).ExecuteNonQueryAsync(cancellationToken);

    private Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        WriteCommand(connection, transaction, sql, parameters).ExecuteScalarAsync(cancellationToken);

    /// <summary>An instance row's blob and series, as the duplicate policy needs them.</summary>
    private readonly record struct StoredRow(string BlobKey, long SeriesId);

    /// <summary>Rows already written in this transaction, so a 3000-instance batch updates its study once.</summary>
    private sealed class BatchCache
    {
        public Dictionary<(string, string), long> Patients { get; } = [];

        public Dictionary<string, long> Studies { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Series { get; } = new(StringComparer.Ordinal);

        /// <summary>The instances stored before this batch (<see cref="FindStoredAsync"/>) or by it, by SOP Instance UID.</summary>
        public Dictionary<string, StoredRow> Stored { get; } = new(StringComparer.Ordinal);

        /// <summary>Instances added per series id, applied by <see cref="ApplyCountsAsync"/> before the commit.</summary>
        public Dictionary<long, int> SeriesAdded { get; } = [];

        /// <summary>Instances added per study id, likewise.</summary>
        public Dictionary<long, int> StudiesAdded { get; } = [];

        public void CountNewInstance(long seriesId, long studyId)
        {
            SeriesAdded[seriesId] = SeriesAdded.GetValueOrDefault(seriesId) + 1;
            StudiesAdded[studyId] = StudiesAdded.GetValueOrDefault(studyId) + 1;
        }
    }
}
