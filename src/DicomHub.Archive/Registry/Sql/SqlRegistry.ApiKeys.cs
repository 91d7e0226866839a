using System.Data.Common;
using System.Globalization;
using DicomHub.Archive.Security.ApiKeys;

namespace DicomHub.Archive.Registry.Sql;

/// <summary>
/// API keys in the registry's own database, so every server on a shared PostgreSQL registry sees the same keys. The
/// table is created on first use (CREATE TABLE IF NOT EXISTS under the write lock) rather than by a numbered
/// migration: it is the same on both databases and independent of the instance schema's versions.
/// </summary>
public abstract partial class SqlRegistry : IApiKeyStore
{
    private const string ApiKeyColumns = "id, name, roles, created_utc, revoked_utc";

    private volatile bool _apiKeyTableReady;

    public async Task AddApiKeyAsync(ApiKey key, string secretHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenApiKeysAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockForWriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO api_keys (id, name, roles, secret_hash, created_utc) VALUES (@id, @name, @roles, @hash, @created)";
        AddParameter(command, "@id", key.Id);
        AddParameter(command, "@name", key.Name);
        AddParameter(command, "@roles", string.Join(',', key.Roles));
        AddParameter(command, "@hash", secretHash);
        AddParameter(command, "@created", Timestamp(key.CreatedUtc));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenApiKeysAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ApiKeyColumns} FROM api_keys ORDER BY created_utc, id";
        return await ReadApiKeysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredApiKey?> FindApiKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenApiKeysAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ApiKeyColumns}, secret_hash FROM api_keys WHERE id = @id";
        AddParameter(command, "@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new StoredApiKey(ReadApiKey(reader), reader.GetString(5)) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> RevokeApiKeysAsync(string idOrName, DateTimeOffset whenUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenApiKeysAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockForWriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {ApiKeyColumns} FROM api_keys WHERE (id = @key OR name = @key) AND revoked_utc IS NULL";
        AddParameter(select, "@key", idOrName);
        var revoked = await ReadApiKeysAsync(select, cancellationToken).ConfigureAwait(false);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE api_keys SET revoked_utc = @when WHERE (id = @key OR name = @key) AND revoked_utc IS NULL";
        AddParameter(update, "@when", Timestamp(whenUtc));
        AddParameter(update, "@key", idOrName);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [.. revoked.Select(k => k with { RevokedUtc = whenUtc })];
    }

    public async Task<bool> HasActiveApiKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenApiKeysAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM api_keys WHERE revoked_utc IS NULL LIMIT 1";
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>A connection, once the table exists (created by the first caller of this process).</summary>
    private async Task<DbConnection> OpenApiKeysAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_apiKeyTableReady)
        {
            return connection;
        }

        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockForWriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection,
                "CREATE TABLE IF NOT EXISTS api_keys (id VARCHAR(32) PRIMARY KEY, name TEXT NOT NULL, roles TEXT NOT NULL, secret_hash VARCHAR(64) NOT NULL, created_utc VARCHAR(40) NOT NULL, revoked_utc VARCHAR(40))",
                cancellationToken, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _apiKeyTableReady = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<IReadOnlyList<ApiKey>> ReadApiKeysAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(ReadApiKey(reader));
        }

        return keys;
    }

    private static ApiKey ReadApiKey(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries),
        DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
        reader.IsDBNull(4) ? null : DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture));

    private static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
