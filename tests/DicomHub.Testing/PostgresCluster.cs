namespace DicomHub.Testing;

/// <summary>
/// One <see cref="PostgresServer"/> for a whole test assembly (an xunit assembly fixture), started by the
/// first test that asks for a database, so an assembly whose PostgreSQL tests are filtered out never pays
/// for initdb. A missing PostgreSQL skips (or under CI=true fails) every test that asks, not the others.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly Lazy<Task<PostgresServer>> _server = new(() => PostgresServer.StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A fresh empty database in the shared cluster; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var server = await _server.Value.WaitAsync(cancellationToken);
        return await server.CreateDatabaseAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await (await _server.Value).DisposeAsync();
        }
    }
}
