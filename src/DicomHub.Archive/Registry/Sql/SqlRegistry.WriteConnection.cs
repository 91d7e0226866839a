using System.Data.Common;

namespace DicomHub.Archive.Registry.Sql;

/// <summary>
/// The write side's own connection. Writes are serialised by the write gate anyway, so one long-lived
/// connection serves them all, and its commands are kept: with SQLite a pooled connection per commit re-ran
/// the connection's PRAGMAs and re-parsed every statement of every instance (sqlite3RunParser showed in the
/// profile of a C-STORE ingest); Npgsql prepares the kept commands on the server after a few uses. After any
/// failure the connection is dropped and the next write opens a fresh one, so a broken connection never
/// outlives the error it caused.
/// </summary>
public abstract partial class SqlRegistry
{
    private readonly Dictionary<string, DbCommand> _writeCommands = new(StringComparer.Ordinal);
    private DbConnection? _writeConnection;

    /// <summary>The write connection; only under the write gate.</summary>
    private async Task<DbConnection> WriteConnectionAsync(CancellationToken cancellationToken) =>
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
    private DbCommand WriteCommand(DbConnection connection, DbTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        if (!ReferenceEquals(connection, _writeConnection))
        {
            throw new InvalidOperationException("Registry writes go through the write connection.");
        }

        if (_writeCommands.TryGetValue(sql, out var command))
        {
            // Set the values of the parameters the command already has: Npgsql keeps the parsed statement of a
            // command it has auto-prepared, bound to the parameter objects it was parsed with, so replacing them
            // (Clear, then Add) left it sending the old values (the 6th instance of a batch was inserted with the
            // 5th one's UID). The same SQL text always carries the same parameter names.
            foreach (var (name, value) in parameters)
            {
                command.Parameters[name].Value = BindValue(value);
            }
        }
        else
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                AddParameter(command, name, value);
            }

            _writeCommands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }
}
