using Microsoft.Data.Sqlite;

namespace DicomHub.Archive.Registry.Sqlite;

/// <summary>
/// The write side's own connection. Writes are serialised by the write gate anyway, so one long-lived
/// connection serves them all, and its commands stay prepared: a pooled connection per commit re-ran the
/// connection's PRAGMAs and re-parsed every statement of every instance (sqlite3RunParser showed in the
/// profile of a C-STORE ingest). After any failure the connection is dropped and the next write opens a
/// fresh one, so a broken connection never outlives the error it caused.
/// </summary>
public sealed partial class SqliteRegistry
{
    private readonly Dictionary<string, SqliteCommand> _writeCommands = new(StringComparer.Ordinal);
    private SqliteConnection? _writeConnection;

    /// <summary>The write connection; only under the write gate.</summary>
    private async Task<SqliteConnection> WriteConnectionAsync(CancellationToken cancellationToken) =>
        _writeConnection ??= await OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Drops the write connection and its prepared commands; only under the write gate (or at dispose).</summary>
    private void ResetWriteConnection()
    {
        foreach (var command in _writeCommands.Values)
        {
            command.Dispose();
        }

        _writeCommands.Clear();
        _writeConnection?.Dispose();
        _writeConnection = null;
    }

    /// <summary>A prepared command of the write connection for <paramref name="sql"/>, bound to this transaction and these values.</summary>
    private SqliteCommand WriteCommand(SqliteConnection connection, SqliteTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        if (!ReferenceEquals(connection, _writeConnection))
        {
            throw new InvalidOperationException("Registry writes go through the write connection.");
        }

        if (!_writeCommands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _writeCommands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
