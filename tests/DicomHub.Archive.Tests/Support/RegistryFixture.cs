using DicomHub.Archive.Registry.Postgres;
using DicomHub.Archive.Registry.Sql;
using DicomHub.Archive.Registry.Sqlite;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Support;

/// <summary>A fresh registry per test: SQLite in a temp folder, or a new database in the shared PostgreSQL cluster.</summary>
internal sealed class RegistryFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("dicomhub-registry");

    private RegistryFixture(string? postgresConnection)
    {
        Registry = postgresConnection is null ? new SqliteRegistry(_directory.Combine("registry.db")) : new PostgresRegistry(postgresConnection);
    }

    public SqlRegistry Registry { get; }

    /// <param name="postgres">The cluster to take a database from; null for SQLite.</param>
    public static async Task<RegistryFixture> CreateAsync(PostgresCluster? postgres = null)
    {
        var connection = postgres is null ? null : await postgres.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var fixture = new RegistryFixture(connection);
        await fixture.Registry.InitializeAsync(TestContext.Current.CancellationToken);
        return fixture;
    }

    public ValueTask DisposeAsync()
    {
        Registry.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
