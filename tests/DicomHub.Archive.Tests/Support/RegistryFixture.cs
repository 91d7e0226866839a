using DicomHub.Archive.Registry.Sqlite;
using DicomHub.Testing;

namespace DicomHub.Archive.Tests.Support;

/// <summary>A fresh SQLite registry in a temp folder per test.</summary>
internal sealed class RegistryFixture : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("dicomhub-registry");

    private RegistryFixture()
    {
        Registry = new SqliteRegistry(_directory.Combine("registry.db"));
    }

    public SqliteRegistry Registry { get; }

    public static async Task<RegistryFixture> CreateAsync()
    {
        var fixture = new RegistryFixture();
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
