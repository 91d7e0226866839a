using System.Globalization;
using Npgsql;

namespace DicomHub.Testing;

/// <summary>
/// A real PostgreSQL server of Debian's package, in a throwaway cluster: initdb into a temp folder, started on
/// a free loopback port, trust authentication for the user "dicomhub", always stopped. Tests create a
/// database each with <see cref="CreateDatabaseAsync"/>, so they never see each other's rows. When this
/// process runs as root the cluster runs as the "postgres" account (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "dicomhub";

    private readonly TempDirectory _directory;
    private readonly string _pgCtl;
    private readonly bool _asPostgres;
    private int _databases;

    private PostgresServer(TempDirectory directory, string pgCtl, bool asPostgres, int port)
    {
        _directory = directory;
        _pgCtl = pgCtl;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    private string DataPath => _directory.Combine("data");

    /// <summary>Starts a cluster (skipping the test when PostgreSQL is not installed outside CI, failing under CI).</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = FindBinaries();
        var initdb = Path.Combine(bin, "initdb");
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var asPostgres = Environment.UserName == "root";
        var directory = new TempDirectory("dicomhub-postgres");
        if (asPostgres)
        {
            await CheckAsync(await Peers.RunAsync("chown", ["postgres:postgres", directory.Path], cancellationToken: cancellationToken), "chown");
        }

        var port = FreePort.Next();
        var server = new PostgresServer(directory, pgCtl, asPostgres, port);
        try
        {
            // --no-sync and fsync=off: a test cluster dies with the test, so nothing needs to reach the disk.
            await CheckAsync(await server.RunAsync(initdb, ["-D", server.DataPath, "-U", User, "-A", "trust", "-E", "UTF8", "--no-sync"], cancellationToken), "initdb");
            var options = string.Create(CultureInfo.InvariantCulture, $"-p {port} -k {directory.Path} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200");
            await CheckAsync(await server.RunAsync(pgCtl, ["-D", server.DataPath, "-o", options, "-l", directory.Combine("server.log"), "-w", "-t", "60", "start"], cancellationToken), "pg_ctl start");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataPath, "postmaster.pid")))
        {
            await RunAsync(_pgCtl, ["-D", DataPath, "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }

        _directory.Dispose();
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = true, IncludeErrorDetail = true }.ToString();

    private Task<ProcessResult> RunAsync(string program, string[] arguments, CancellationToken cancellationToken) =>
        _asPostgres
            ? Peers.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], TimeSpan.FromMinutes(2), cancellationToken: cancellationToken)
            : Peers.RunAsync(program, arguments, TimeSpan.FromMinutes(2), cancellationToken: cancellationToken);

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? Path.GetDirectoryName(Peers.Require("initdb", "postgresql"))!;
    }

    private static Task CheckAsync(ProcessResult result, string step) =>
        result.ExitCode == 0
            ? Task.CompletedTask
            : throw new InvalidOperationException($"PostgreSQL test cluster: {step} failed (exit {result.ExitCode}): {result.StandardError}{result.StandardOutput}");
}
