using DicomHub.Archive.Registry.Postgres;
using DicomHub.Archive.Registry.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DicomHub.Archive.Registry;

/// <summary>Which database holds the registry (configuration section "Registry").</summary>
public sealed class RegistryOptions
{
    public const string SectionName = "Registry";

    /// <summary>Sqlite (the default: a file in the data folder, one server) or PostgreSql (several servers on one index).</summary>
    public RegistryProvider Provider { get; set; } = RegistryProvider.Sqlite;

    /// <summary>For PostgreSql: an Npgsql connection string, e.g. "Host=db;Database=dicomhub;Username=dicomhub;Password=...".</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Throws, naming the setting to fix, when these options cannot make a registry.</summary>
    public void Validate()
    {
        if (Provider == RegistryProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
            {
                throw new InvalidOperationException(
                    "Registry:Provider is PostgreSql but Registry:ConnectionString is empty: set it (serve --postgres \"Host=...;Database=...;Username=...\").");
            }

            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Registry:ConnectionString is not a PostgreSQL connection string ({e.Message}): write it as \"Host=...;Database=...;Username=...\".", e);
            }
        }
        else if (Provider != RegistryProvider.Sqlite)
        {
            throw new InvalidOperationException($"Registry:Provider '{Provider}' is unknown: use Sqlite or PostgreSql.");
        }
    }

    /// <summary>The registry these options name, over <paramref name="storage"/>'s data folder for SQLite.</summary>
    public IRegistry Create(StorageOptions storage, ILoggerFactory logs)
    {
        Validate();
        return Provider == RegistryProvider.PostgreSql
            ? new PostgresRegistry(ConnectionString!, storage.MaxQueryResults, logs.CreateLogger<PostgresRegistry>())
            : new SqliteRegistry(storage.RegistryPath, storage.MaxQueryResults, logs.CreateLogger<SqliteRegistry>());
    }

    /// <summary>Where the registry is, for messages and logs; never shows a password.</summary>
    public string Describe(StorageOptions storage)
    {
        if (Provider != RegistryProvider.PostgreSql)
        {
            return $"SQLite file {storage.RegistryPath}";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port} as '{builder.Username}'";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (the connection string does not parse)";
        }
    }

    /// <summary>
    /// The transfer queue's SQLite file: the registry's own, or, when the registry is in PostgreSQL, a file in
    /// this server's data folder (each server sends the jobs it accepted; data folders are never shared).
    /// </summary>
    public string TransferQueuePath(StorageOptions storage) =>
        Provider == RegistryProvider.Sqlite ? storage.RegistryPath : Path.Combine(storage.DataDirectory, "transfers.db");
}

public enum RegistryProvider
{
    Sqlite,
    PostgreSql,
}
